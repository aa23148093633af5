package ties_test

import (
	"os"
	"strings"
	"testing"

	"github.com/tieline/tieline/extractors/officials"
	"github.com/tieline/tieline/extractors/places"
	"github.com/tieline/tieline/extractors/ties"
)

// BenchmarkFind measures ties.Find alone on the golden inputs, with places
// and officials computed once.
func BenchmarkFind(b *testing.B) {
	pt, err := places.Default()
	if err != nil {
		b.Skipf("place tagger unavailable: %v", err)
	}
	en, err1 := os.ReadFile("testdata/en_meeting/input.txt")
	ru, err2 := os.ReadFile("testdata/ru_visit/input.txt")
	if err1 != nil || err2 != nil {
		b.Fatal(err1, err2)
	}
	s := strings.Repeat(string(en)+"\n"+string(ru)+"\n", 5)
	ps := pt.Find(s, "en")
	offs := officials.Find(s, "en", ps)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		ties.Find(s, "en", ps, offs)
	}
}

// BenchmarkPipeline measures places, officials and ties together.
func BenchmarkPipeline(b *testing.B) {
	pt, err := places.Default()
	if err != nil {
		b.Skipf("place tagger unavailable: %v", err)
	}
	en, err := os.ReadFile("testdata/en_meeting/input.txt")
	if err != nil {
		b.Fatal(err)
	}
	s := strings.Repeat(string(en)+"\n", 5)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		ps := pt.Find(s, "en")
		offs := officials.Find(s, "en", ps)
		ties.Find(s, "en", ps, offs)
	}
}
