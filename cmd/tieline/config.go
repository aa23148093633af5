package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/tieline/tieline/configs"
)

// cmdConfig validates config files: `tieline config check FILE`.
func cmdConfig(_ context.Context, args []string, env *Env) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, "Usage: tieline config check FILE...\n\nValidates config files: unknown keys and bad values are reported with their key path and line.\n")
		if len(args) == 0 {
			return usageError{"missing subcommand: check"}
		}
		return nil
	}
	if args[0] != "check" {
		return usageError{fmt.Sprintf("unknown subcommand %q: want check", args[0])}
	}
	files := args[1:]
	if len(files) == 1 && (files[0] == "-h" || files[0] == "--help") {
		fmt.Fprint(env.Stdout, "Usage: tieline config check FILE...\n")
		return nil
	}
	if len(files) == 0 {
		return usageError{"config check: no file given"}
	}
	bad := 0
	for _, f := range files {
		cfg, err := configs.Load(f)
		if err != nil {
			bad++
			var errs configs.Errors
			if errors.As(err, &errs) {
				for _, e := range errs {
					fmt.Fprintln(env.Stderr, e.Error())
				}
			} else {
				fmt.Fprintf(env.Stderr, "%s: %v\n", f, err)
			}
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: ok (%d sources, %d enabled)\n", f, len(cfg.Sources), len(cfg.EnabledSources()))
	}
	if bad > 0 {
		return errReported
	}
	return nil
}
