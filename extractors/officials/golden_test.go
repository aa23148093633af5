package officials

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tieline/tieline/extractors/places"
	"github.com/tieline/tieline/pipeline"
)

// TestGolden runs each testdata/<case> through the real place tagger and
// Find, and compares name, title, country and region.
func TestGolden(t *testing.T) {
	pt, err := places.Default()
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob("testdata/*/input.txt")
	if len(dirs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, in := range dirs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want []pipeline.Official
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			got := Find(string(text), "", pt.Find(string(text), ""))
			byName := map[string]pipeline.Official{}
			for _, o := range got {
				byName[o.Name] = o
			}
			for _, w := range want {
				g, ok := byName[w.Name]
				if !ok {
					t.Errorf("missing %q; got %+v", w.Name, got)
					continue
				}
				if g.Title != w.Title || g.Country != w.Country || g.Region != w.Region {
					t.Errorf("%s: got title %q country %q region %q, want %q %q %q",
						w.Name, g.Title, g.Country, g.Region, w.Title, w.Country, w.Region)
				}
			}
			if len(got) != len(want) {
				t.Errorf("got %d officials, want %d: %+v", len(got), len(want), got)
			}
		})
	}
}
