package ties_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tieline/tieline/extractors/officials"
	"github.com/tieline/tieline/extractors/places"
	"github.com/tieline/tieline/extractors/ties"
)

// golden is the expected.json of a testdata case: what a reader finds in
// input.txt, written by hand.
type golden struct {
	Lang      string `json:"lang"`
	Officials []struct {
		Name    string `json:"name"`
		Title   string `json:"title"`
		Country string `json:"country"`
		Region  string `json:"region"`
	} `json:"officials"`
	Ties [][2]string `json:"ties"`
}

// TestGolden runs the real place tagger, then officials and ties, over each
// testdata/<case>/input.txt and compares with expected.json.
func TestGolden(t *testing.T) {
	pt, err := places.Default()
	if err != nil {
		t.Skipf("place tagger unavailable: %v", err)
	}
	dirs, err := filepath.Glob("testdata/*/input.txt")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, in := range dirs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var want golden
			eb, err := os.ReadFile(filepath.Join(dir, "expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(eb, &want); err != nil {
				t.Fatalf("parsing expected.json: %v", err)
			}
			s := string(b)
			ps := pt.Find(s, want.Lang)
			offs := officials.Find(s, want.Lang, ps)
			type off struct{ Name, Title, Country, Region string }
			var gotOff, wantOff []off
			for _, o := range offs {
				gotOff = append(gotOff, off{o.Name, o.Title, o.Country, o.Region})
			}
			for _, o := range want.Officials {
				wantOff = append(wantOff, off{o.Name, o.Title, o.Country, o.Region})
			}
			if !reflect.DeepEqual(gotOff, wantOff) {
				t.Errorf("officials\n got %+v\nwant %+v", gotOff, wantOff)
			}
			var gotTies [][2]string
			for _, tie := range ties.Find(s, want.Lang, ps, offs) {
				gotTies = append(gotTies, [2]string{tie.A, tie.B})
			}
			if !reflect.DeepEqual(gotTies, want.Ties) {
				t.Errorf("ties\n got %v\nwant %v", gotTies, want.Ties)
			}
		})
	}
}
