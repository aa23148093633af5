// Command devscore tags text files with the place tagger and prints one
// JSON line per file ("input", "countries", "regions") for the eval scorer:
//
//	go run ./extractors/places/internal/devscore ../shared/eval/dev/docs/* > /tmp/pred.jsonl
//
// With -v it prints every mention to stderr.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/tieline/tieline/extractors/places"
)

func main() {
	verbose := flag.Bool("v", false, "print mentions to stderr")
	flag.Parse()
	t, err := places.New()
	if err != nil {
		slog.Error("loading tagger", "err", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, path := range flag.Args() {
		b, err := os.ReadFile(path)
		if err != nil {
			slog.Error("reading input", "path", path, "err", err)
			os.Exit(1)
		}
		ps := t.Find(string(b), "")
		if *verbose {
			fmt.Fprintf(os.Stderr, "== %s\n", path)
			for _, p := range ps {
				fmt.Fprintf(os.Stderr, "  %-7s %-11s %q\n", p.Code, p.Form, p.Text)
			}
		}
		_ = enc.Encode(map[string]any{"input": path, "countries": t.Countries(ps), "regions": t.Regions(ps)})
	}
}
