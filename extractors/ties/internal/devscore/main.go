// Command devscore runs the places, officials and ties taggers over a
// directory of plain-text articles and prints one JSON line per document in
// the shape the eval scorer reads. It is a development harness, not part of
// the pipeline.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tieline/tieline/extractors/officials"
	"github.com/tieline/tieline/extractors/places"
	"github.com/tieline/tieline/extractors/ties"
	"github.com/tieline/tieline/pipeline"
)

func main() {
	dir := flag.String("dir", "", "directory of .txt articles")
	verbose := flag.Bool("v", false, "also print places")
	flag.Parse()
	if err := run(*dir, *verbose); err != nil {
		slog.Error("devscore failed", "err", err)
		os.Exit(1)
	}
}

func run(dir string, verbose bool) error {
	pt, err := places.Default()
	if err != nil {
		return fmt.Errorf("loading places: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("reading %s: %w", f, err)
		}
		s := string(b)
		lang := "en"
		if strings.Count(s, "а")+strings.Count(s, "о") > len(s)/40 {
			lang = "ru"
		}
		ps := pt.Find(s, lang)
		offs := officials.Find(s, lang, ps)
		ts := ties.Find(s, lang, ps, offs)
		if offs == nil {
			offs = []pipeline.Official{}
		}
		if ts == nil {
			ts = []pipeline.Tie{}
		}
		row := map[string]any{"input": filepath.Base(f), "officials": offs, "ties": ts}
		if verbose {
			var pl []string
			for _, p := range ps {
				pl = append(pl, p.Code+"="+p.Text)
			}
			row["places"] = pl
		}
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	return nil
}
