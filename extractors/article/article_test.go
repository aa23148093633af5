package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors/places"
	"github.com/tieline/tieline/pipeline"
)

func TestExtractTagsTitleAndText(t *testing.T) {
	body := "Uzbekistan, Russia's Bashkortostan launch joint projects\n\n" +
		"TASHKENT, 3 June – Tashkent region Governor Mirzaev met a delegation from Bashkortostan. " +
		"The sides signed agreements worth 2.8 billion rubles (about $35 million).\n"
	a, err := Extract(pipeline.Page{Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	codes := func(n int, get func(int) string) []string {
		var out []string
		for i := range n {
			out = append(out, get(i))
		}
		return out
	}
	cs := codes(len(a.Countries), func(i int) string { return a.Countries[i].Code })
	rs := codes(len(a.Regions), func(i int) string { return a.Regions[i].Code })
	for _, want := range []string{"UZ", "RU"} {
		if !strings.Contains(strings.Join(cs, " "), want) {
			t.Errorf("countries %v lack %s (named only in the title)", cs, want)
		}
	}
	if !strings.Contains(strings.Join(rs, " "), "RU-BA") || !strings.Contains(strings.Join(rs, " "), "UZ-TO") {
		t.Errorf("regions %v, want RU-BA and UZ-TO", rs)
	}
	if len(a.Figures) != 2 {
		t.Errorf("figures %+v, want 2 (from the text only)", a.Figures)
	}
	checkSpans(t, a)
}

// checkSpans verifies that every offset is a character offset into the
// text and points at the words it claims.
func checkSpans(t *testing.T, a pipeline.Article) {
	t.Helper()
	runes := []rune(a.Text)
	in := func(s, e int) bool { return s >= 0 && s <= e && e <= len(runes) }
	for _, r := range a.Regions {
		for _, sp := range r.Spans {
			if !in(sp.Start, sp.End) {
				t.Errorf("region %s span %v outside text", r.Code, sp)
			}
		}
	}
	for _, f := range a.Figures {
		if !in(f.Start, f.End) || string(runes[f.Start:f.End]) != f.Text {
			t.Errorf("figure %q at [%d,%d) does not match the text", f.Text, f.Start, f.End)
		}
	}
	for _, tie := range a.Ties {
		if !tie.InTitle && (!in(tie.Start, tie.End) || !strings.Contains(string(runes[tie.Start:tie.End]), strings.TrimSpace(tie.Evidence)[:10])) {
			t.Errorf("tie %s-%s evidence offsets [%d,%d) do not hold %q", tie.A, tie.B, tie.Start, tie.End, tie.Evidence)
		}
	}
}

func TestCharOffsetsInCyrillic(t *testing.T) {
	body := "Татарстан и Франция\n\nДелегация Республики Татарстан посетила Францию. Товарооборот вырос на 20%."
	a, err := Extract(pipeline.Page{Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(a.Text) || len(a.Figures) != 1 {
		t.Fatalf("figures %+v, want one", a.Figures)
	}
	checkSpans(t, a)
}

// benchCorpus is every tagger's golden input: real agency articles in
// English and Russian, boilerplate lines included.
func benchCorpus(b *testing.B) []string {
	files, _ := filepath.Glob("../*/testdata/*/input.txt")
	if len(files) == 0 {
		b.Skip("no golden inputs")
	}
	var docs []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	return docs
}

// BenchmarkTag measures all taggers together (places, officials, ties,
// figures) on clean text; bytes/s is text throughput per core.
func BenchmarkTag(b *testing.B) {
	docs := benchCorpus(b)
	if _, err := places.Default(); err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			a := pipeline.Article{Text: d, Language: ""}
			if err := Tag(&a); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractPlain measures the whole extraction stage (content and
// taggers) on plain-text documents.
func BenchmarkExtractPlain(b *testing.B) {
	docs := benchCorpus(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := Extract(pipeline.Page{Body: []byte(d)}); err != nil && !strings.Contains(err.Error(), "empty") {
				b.Fatal(err)
			}
		}
	}
}

func TestDatelinePlaceIsNoTieSide(t *testing.T) {
	tests := []struct {
		name, body string
		want, not  [2]string // a tie that must be there, one that must not
	}{
		{"capital dateline", "Gomel oblast, Nizhny Novgorod region set up joint venture\n\n" +
			"MINSK, 14 February (BelTA) – The Nizhny Novgorod region and the Gomel oblast agreed to set up a joint venture to produce buses.\n",
			[2]string{"BY-HO", "RU-NIZ"}, [2]string{"BY-HM", "RU-NIZ"}},
		{"federal city dateline", "Belarus, Leningrad Region discuss supplies\n\n" +
			"ST PETERSBURG, 29 September /BelTA/ – Deputy Prime Minister of Belarus Viktor Karankevich met with Governor of the Leningrad Region Alexander Drozdenko to discuss the supply of equipment.\n",
			[2]string{"BY", "RU-LEN"}, [2]string{"BY", "RU-SPE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(pipeline.Page{Body: []byte(tt.body)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Dateline == "" {
				t.Fatalf("no dateline found in %q", tt.body)
			}
			got := map[[2]string]bool{}
			for _, tie := range a.Ties {
				got[[2]string{tie.A, tie.B}] = true
			}
			if !got[tt.want] {
				t.Errorf("ties %v lack %v", a.Ties, tt.want)
			}
			if got[tt.not] {
				t.Errorf("ties %v hold the dateline's %v", a.Ties, tt.not)
			}
		})
	}
}
