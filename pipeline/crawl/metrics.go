package crawl

import (
	"encoding/json"
	"maps"
	"sync"
	"time"
)

// Stats are the counts of one run (or, in Metrics, of all runs) of a source.
type Stats struct {
	Requests       int           `json:"requests"`        // HTTP requests sent, robots.txt included
	Status         map[int]int   `json:"status"`          // responses by HTTP status
	Bytes          int64         `json:"bytes"`           // response body bytes read
	Errors         int           `json:"errors"`          // transport errors, 5xx and publish failures after retries
	Retries        int           `json:"retries"`         // repeated attempts
	New            int           `json:"new"`             // articles published for the first time
	Changed        int           `json:"changed"`         // articles published as a new version
	Unchanged      int           `json:"unchanged"`       // re-checked articles with 304 or the same content
	Known          int           `json:"known"`           // articles skipped without a request: fetched in an earlier run
	Gone           int           `json:"gone"`            // 404/410
	SkippedRobots  int           `json:"skipped_robots"`  // disallowed by robots.txt, never requested
	SkippedType    int           `json:"skipped_type"`    // non-HTML (PDF, images) skipped on headers
	SkippedSize    int           `json:"skipped_size"`    // bodies over max_body
	SkippedPattern int           `json:"skipped_pattern"` // off-domain, skip/deny patterns
	SkippedLimit   int           `json:"skipped_limit"`   // beyond max_depth or max_pages
	Listings       int           `json:"listings"`        // listing pages, feeds and sitemaps parsed
	Duration       time.Duration `json:"duration"`
}

// add adds o's counts to s.
func (s *Stats) add(o Stats) {
	if s.Status == nil {
		s.Status = map[int]int{}
	}
	for k, v := range o.Status {
		s.Status[k] += v
	}
	s.Requests += o.Requests
	s.Bytes += o.Bytes
	s.Errors += o.Errors
	s.Retries += o.Retries
	s.New += o.New
	s.Changed += o.Changed
	s.Unchanged += o.Unchanged
	s.Known += o.Known
	s.Gone += o.Gone
	s.SkippedRobots += o.SkippedRobots
	s.SkippedType += o.SkippedType
	s.SkippedSize += o.SkippedSize
	s.SkippedPattern += o.SkippedPattern
	s.SkippedLimit += o.SkippedLimit
	s.Listings += o.Listings
	s.Duration += o.Duration
}

// clone returns a deep copy.
func (s Stats) clone() Stats {
	s.Status = maps.Clone(s.Status)
	return s
}

// Metrics accumulates Stats per source across runs, for export. It
// implements expvar.Var (String returns JSON), so the lead can
// expvar.Publish("tieline_crawl", m) or copy Snapshot into Prometheus.
type Metrics struct {
	mu      sync.Mutex
	sources map[string]*Stats
	runs    map[string]int
}

// NewMetrics returns empty Metrics.
func NewMetrics() *Metrics {
	return &Metrics{sources: map[string]*Stats{}, runs: map[string]int{}}
}

// Add adds one run's stats to the source's totals.
func (m *Metrics) Add(source string, s Stats) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.sources[source]
	if !ok {
		t = &Stats{}
		m.sources[source] = t
	}
	t.add(s)
	m.runs[source]++
}

// Snapshot returns a copy of the totals per source.
func (m *Metrics) Snapshot() map[string]Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]Stats, len(m.sources))
	for k, v := range m.sources {
		out[k] = v.clone()
	}
	return out
}

// Runs returns the number of runs recorded for a source.
func (m *Metrics) Runs(source string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.runs[source]
}

// String returns the totals as JSON, for expvar.
func (m *Metrics) String() string {
	b, err := json.Marshal(m.Snapshot())
	if err != nil {
		return "{}"
	}
	return string(b)
}
