package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"
)

// metricsHandler serves Prometheus text-format metrics: crawl counters
// per source, pipeline backlog and index size.
func metricsHandler(s *stack) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		writeMetrics(ctx, w, s)
	})
}

func writeMetrics(ctx context.Context, w io.Writer, s *stack) {
	snap := s.metrics.Snapshot()
	names := make([]string, 0, len(snap))
	for n := range snap {
		names = append(names, n)
	}
	sort.Strings(names)
	counter := func(name, help string, value func(string) float64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", name, help, name)
		for _, n := range names {
			fmt.Fprintf(w, "%s{source=%q} %g\n", name, n, value(n))
		}
	}
	counter("tieline_crawl_runs_total", "Crawl runs per source.", func(n string) float64 { return float64(s.metrics.Runs(n)) })
	counter("tieline_crawl_requests_total", "HTTP requests sent.", func(n string) float64 { return float64(snap[n].Requests) })
	counter("tieline_crawl_bytes_total", "Response body bytes read.", func(n string) float64 { return float64(snap[n].Bytes) })
	counter("tieline_crawl_errors_total", "Fetch and publish errors.", func(n string) float64 { return float64(snap[n].Errors) })
	counter("tieline_crawl_articles_new_total", "Articles published for the first time.", func(n string) float64 { return float64(snap[n].New) })
	counter("tieline_crawl_articles_changed_total", "Articles published as a new version.", func(n string) float64 { return float64(snap[n].Changed) })
	counter("tieline_crawl_articles_unchanged_total", "Re-checked articles that had not changed.", func(n string) float64 { return float64(snap[n].Unchanged) })
	counter("tieline_crawl_skipped_robots_total", "URLs not requested because robots.txt disallows them.", func(n string) float64 { return float64(snap[n].SkippedRobots) })
	fmt.Fprintf(w, "# HELP tieline_crawl_responses_total Responses by HTTP status.\n# TYPE tieline_crawl_responses_total counter\n")
	for _, n := range names {
		codes := make([]int, 0, len(snap[n].Status))
		for c := range snap[n].Status {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(w, "tieline_crawl_responses_total{source=%q,status=\"%d\"} %d\n", n, c, snap[n].Status[c])
		}
	}
	if c, err := s.bus.Pending(ctx); err == nil {
		fmt.Fprintf(w, "# HELP tieline_pipeline_pending_messages Messages waiting per stage.\n# TYPE tieline_pipeline_pending_messages gauge\n")
		fmt.Fprintf(w, "tieline_pipeline_pending_messages{stage=\"extract\"} %d\n", c.PagesPending)
		fmt.Fprintf(w, "tieline_pipeline_pending_messages{stage=\"index\"} %d\n", c.ArticlesPending)
		fmt.Fprintf(w, "# HELP tieline_pipeline_dead_messages Messages in the dead-letter stream.\n# TYPE tieline_pipeline_dead_messages gauge\n")
		fmt.Fprintf(w, "tieline_pipeline_dead_messages %d\n", c.Dead)
	}
	if s.ix != nil {
		if n, err := s.ix.Count(); err == nil {
			fmt.Fprintf(w, "# HELP tieline_index_documents Articles in the index.\n# TYPE tieline_index_documents gauge\ntieline_index_documents %d\n", n)
		}
	}
}
