// Command hostilefarm serves the site farm's hostile sites (issue 13) on
// loopback and prints "kind URL" per line, then serves until stdin closes and prints each site's request count to stderr.
// scripts/hostile-before-after.sh crawls each with two builds of zwgk.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"zwgk/sitefarm"
)

func main() {
	hf, err := sitefarm.StartHostile(context.Background(), sitefarm.HostileOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, s := range hf.Sites {
		fmt.Printf("%s %s\n", s.Kind, s.Agency.Site)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	hf.Close()
	for _, s := range hf.Sites {
		fmt.Fprintf(os.Stderr, "%s requests %d\n", s.Kind, s.Requests(""))
	}
}
