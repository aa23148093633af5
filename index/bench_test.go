package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tieline/tieline/pipeline"
)

// synth makes n reproducible articles shaped like agency news: ~1.5 KB of
// English or Russian text, 1-3 countries, 1-3 regions, a tie or two.
func synth(n int, seed uint64) []pipeline.Article {
	r := rand.New(rand.NewPCG(seed, 1))
	countries := []pipeline.Country{{Code: "BY", Name: "Belarus"}, {Code: "RU", Name: "Russia"}, {Code: "KZ", Name: "Kazakhstan"},
		{Code: "CN", Name: "China"}, {Code: "UZ", Name: "Uzbekistan"}, {Code: "FR", Name: "France"}, {Code: "AE", Name: "United Arab Emirates"}}
	regions := []pipeline.Region{{Code: "RU-PER", Name: "Perm Krai", Country: "RU"}, {Code: "RU-SVE", Name: "Sverdlovsk Oblast", Country: "RU"},
		{Code: "RU-TA", Name: "Tatarstan", Country: "RU"}, {Code: "RU-PRI", Name: "Primorsky Krai", Country: "RU"},
		{Code: "BY-MA", Name: "Mogilev Oblast", Country: "BY"}, {Code: "BY-MI", Name: "Minsk Oblast", Country: "BY"},
		{Code: "RU-SPE", Name: "Saint Petersburg", Country: "RU"}, {Code: "RU-NVS", Name: "Novosibirsk Oblast", Country: "RU"}}
	en := strings.Fields("the delegation discussed trade cooperation agreement governor region investment exports industrial " +
		"machinery fertilizers forum memorandum partners supplies agriculture joint venture ministry growth billion percent " +
		"plant companies visit talks economic roadmap logistics border transport education tourism")
	ru := strings.Fields("делегация обсудила торговое сотрудничество соглашение губернатор региона инвестиции экспорт " +
		"промышленность техника удобрения форум меморандум партнеры поставки сельское хозяйство совместное предприятие " +
		"министерство рост миллиардов процентов завод компании визит переговоры экономический логистика граница")
	sources := []string{"TASS", "BelTA", "RIA Novosti", "Sputnik", "Interfax"}
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]pipeline.Article, n)
	for i := range out {
		lang, words := "en", en
		if r.IntN(3) == 0 {
			lang, words = "ru", ru
		}
		var sb strings.Builder
		for sb.Len() < 1500 {
			sb.WriteString(words[r.IntN(len(words))])
			sb.WriteByte(' ')
		}
		a := pipeline.Article{
			ID: fmt.Sprintf("s%06d", i), URL: fmt.Sprintf("https://example.org/%d", i), Source: sources[r.IntN(len(sources))],
			Title: words[r.IntN(len(words))] + " " + words[r.IntN(len(words))], Language: lang, Text: sb.String(),
			Published: base.Add(time.Duration(r.IntN(11*365*24)) * time.Hour), Version: 1,
		}
		for range 1 + r.IntN(3) {
			a.Countries = append(a.Countries, countries[r.IntN(len(countries))])
		}
		for range 1 + r.IntN(3) {
			a.Regions = append(a.Regions, regions[r.IntN(len(regions))])
		}
		for range 1 + r.IntN(2) {
			a.Ties = append(a.Ties, pipeline.Tie{A: a.Regions[0].Code, B: a.Countries[r.IntN(len(a.Countries))].Code, Kind: "cooperation"})
		}
		a.Officials = []pipeline.Official{{Name: fmt.Sprintf("Official %d", r.IntN(50)), Title: "governor"}}
		out[i] = a
	}
	return out
}

// BenchmarkPut measures indexing throughput in batches of 100.
func BenchmarkPut(b *testing.B) {
	arts := synth(100*200, 7)
	ix, err := Open(filepath.Join(b.TempDir(), "index"), WithLogger(quietLog))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		j := (i % 200) * 100
		batch := arts[j : j+100]
		if i >= 200 { // past the corpus: re-put as new versions
			for k := range batch {
				batch[k].Version++
			}
		}
		if err := ix.Put(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
		n += len(batch)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

var (
	benchOnce sync.Once
	benchIx   *Index
	benchErr  error
)

// benchIndex builds the shared 10k-article index once per run.
func benchIndex(b *testing.B) *Index {
	benchOnce.Do(func() {
		dir, err := tempDirOutsideTest()
		if err != nil {
			benchErr = err
			return
		}
		benchIx, benchErr = Open(dir, WithLogger(quietLog))
		if benchErr != nil {
			return
		}
		arts := synth(10000, 42)
		for i := 0; i < len(arts) && benchErr == nil; i += 100 {
			benchErr = benchIx.Put(b.Context(), arts[i:i+100])
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchIx
}

// BenchmarkSearch measures search latency over 10k synthetic articles.
func BenchmarkSearch(b *testing.B) {
	ix := benchIndex(b)
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, bc := range []struct {
		name string
		q    Query
	}{
		{"match all newest", Query{}},
		{"word highlight", Query{Q: "fertilizers", Highlight: true}},
		{"russian word", Query{Q: "удобрения", Highlight: true}},
		{"phrase and filters", Query{Q: `"joint venture"`, Countries: []string{"BY"}, Regions: []string{"RU-PER"}, From: from, Highlight: true}},
		{"facets", Query{Size: NoHits, Facets: map[string]int{"countries": 10, "regions": 10, "sources": 10, "ties": 10}}},
		{"timeline month", Query{Size: NoHits, Regions: []string{"RU-PER"}, Interval: "month"}},
		{"page of 100 with everything", Query{Q: "trade", Size: 100, Highlight: true, Facets: map[string]int{"countries": 10, "ties": 10}, Interval: "year"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(b.Context(), bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("ties 50", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Ties(b.Context(), Query{Countries: []string{"BY"}}, TieOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan 10k", func(b *testing.B) {
		for b.Loop() {
			n, err := ix.Scan(b.Context(), Query{}, false, func(*pipeline.Article) error { return nil })
			if err != nil || n != 10000 {
				b.Fatal(n, err)
			}
		}
	})
}
