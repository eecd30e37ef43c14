package scoring

import (
	"os"
	"testing"

	"zwgk/indicators"
)

func loadFramework(t testing.TB, path string) *indicators.Framework {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := indicators.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestGoldenFrameworkLoads(t *testing.T) {
	fw := loadFramework(t, "testdata/framework.yaml")
	if n := len(fw.Leaves()); n != 13 {
		t.Errorf("%d leaves", n)
	}
}
