package crawl

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tieline/tieline/internal/fakesite"
	"github.com/tieline/tieline/pipeline"
	"github.com/tieline/tieline/pipeline/crawl/canon"
)

type discardPublisher struct{ n atomic.Int64 }

func (d *discardPublisher) Publish(context.Context, pipeline.Page) error { d.n.Add(1); return nil }

const benchArticles = 500
const benchParallelism = 8

// BenchmarkCrawl measures pages/s of a full first crawl of a local site
// (listing pagination plus 500 articles) with politeness off, for tieline's
// crawler and for bare colly doing the same walk.
func BenchmarkCrawl(b *testing.B) {
	site := fakesite.New(fakesite.Options{Articles: benchArticles, Russian: 1, PerPage: 20})
	defer site.Close()

	b.Run("tieline", func(b *testing.B) {
		pages := 0
		start := time.Now()
		for b.Loop() {
			site.Reset()
			pub := &discardPublisher{}
			c := &Crawler{Publisher: pub, State: NewMemoryState(), Logger: quietLogger()}
			src := Source{Name: "bench", StartURLs: []string{site.URL + "/news"},
				Articles: Patterns{Allow: []string{`/news/\d+-`}}, MaxDepth: 100, MaxPages: 10000,
				Politeness: Politeness{Delay: -1, Parallelism: benchParallelism}}
			stats, err := c.Run(b.Context(), src)
			if err != nil {
				b.Fatal(err)
			}
			if pub.n.Load() != benchArticles {
				b.Fatalf("published %d, want %d", pub.n.Load(), benchArticles)
			}
			pages += stats.Requests
		}
		b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
	})

	b.Run("colly", func(b *testing.B) {
		pages := 0
		start := time.Now()
		for b.Loop() {
			var n atomic.Int64
			c := colly.NewCollector(colly.Async(), colly.MaxDepth(0))
			t := http.DefaultTransport.(*http.Transport).Clone()
			t.MaxIdleConnsPerHost = 32
			c.WithTransport(t)
			c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: benchParallelism})
			c.OnResponse(func(*colly.Response) { n.Add(1) })
			c.OnHTML("a[href]", func(e *colly.HTMLElement) {
				// The same walk as tieline: canonical links, articles and
				// listing pages only (no related-article hops).
				if strings.Contains(e.Request.URL.Path, "/news/") {
					return
				}
				u, ok := canon.Resolve(e.Request.URL, e.Attr("href"))
				if ok && strings.Contains(u, "/news") {
					e.Request.Visit(u)
				}
			})
			if err := c.Visit(site.URL + "/news"); err != nil {
				b.Fatal(err)
			}
			c.Wait()
			pages += int(n.Load())
		}
		b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
	})
}
