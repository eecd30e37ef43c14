package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

func init() {
	register("", &Command{
		Name:    "version",
		Summary: "print the version of zwgk",
		Run: func(ctx context.Context, env *Env, args []string) error {
			fs := env.Flags()
			if _, err := env.Parse(fs, args); err != nil {
				return err
			}
			v := "devel"
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" {
						v = s.Value
					}
				}
			}
			fmt.Fprintln(env.Stdout, "zwgk", v)
			return nil
		},
	})
}
