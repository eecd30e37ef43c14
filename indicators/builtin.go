package indicators

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// builtinFS holds the built-in frameworks, one YAML file per framework,
// named after its id.
//
//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinIDs lists the ids of the built-in frameworks, sorted.
func BuiltinIDs() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin") // embedded: cannot fail
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return ids
}

// Builtin parses the built-in framework with the given id. Each call
// returns a fresh copy, so callers may modify it.
func Builtin(id string) (*Framework, error) {
	name := path.Join("builtin", id+".yaml")
	src, err := builtinFS.ReadFile(name)
	if err != nil || strings.ContainsAny(id, "/\\") {
		return nil, fmt.Errorf("no built-in framework %q (built-ins: %s)", id, strings.Join(BuiltinIDs(), ", "))
	}
	return Parse(name, src)
}

// Builtins parses every built-in framework, in id order. The built-ins are
// validated by the package tests, so a failure here is a programming error
// and panics.
func Builtins() []*Framework {
	var out []*Framework
	for _, id := range BuiltinIDs() {
		fw, err := Builtin(id)
		if err != nil {
			panic(fmt.Sprintf("indicators: built-in framework %s: %v", id, err))
		}
		out = append(out, fw)
	}
	return out
}

// Load returns the built-in framework named ref, or else parses the file at
// path ref: what commands accept for "ID|FILE".
func Load(ref string) (*Framework, error) {
	if slices.Contains(BuiltinIDs(), ref) {
		return Builtin(ref)
	}
	if _, err := os.Stat(ref); err != nil {
		return nil, fmt.Errorf("%q is neither a built-in framework (%s) nor a readable file: %w", ref, strings.Join(BuiltinIDs(), ", "), err)
	}
	return ParseFile(ref)
}
