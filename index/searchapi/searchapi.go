// Package searchapi serves tieline's index over HTTP: a JSON search API
// for dashboards (search, facets, timeline, ties, export), the full
// article records, an OpenAPI description and a single-page search UI for
// researchers. It knows net/http and the index package, not bleve.
package searchapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"embed"

	"github.com/tieline/tieline/index"
)

//go:embed static/index.html static/openapi.json
var static embed.FS

// Option configures New.
type Option func(*server)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *server) {
		if l != nil {
			s.log = l
		}
	}
}

// WithReady sets the readiness check /healthz reports (default: always
// ready); a non-nil error answers 503.
func WithReady(f func(context.Context) error) Option {
	return func(s *server) { s.ready = f }
}

// WithVersion sets the version string /healthz reports.
func WithVersion(v string) Option {
	return func(s *server) { s.version = v }
}

// WithAllowedOrigin sets the CORS Access-Control-Allow-Origin value
// (default "*"; "" disables CORS headers).
func WithAllowedOrigin(origin string) Option {
	return func(s *server) { s.origin = origin }
}

type server struct {
	ix      *index.Index
	log     *slog.Logger
	ready   func(context.Context) error
	version string
	origin  string
}

// New returns the HTTP handler serving the API and the page over ix.
func New(ix *index.Index, opts ...Option) http.Handler {
	s := &server{ix: ix, log: slog.Default(), origin: "*"}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	get := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.Handle(pattern, s.wrap(h))
	}
	get("/api/search", s.search)
	get("/api/articles/{id}", s.article)
	get("/api/ties", s.ties)
	get("/api/timeline", s.timeline)
	get("/api/facets", s.facets)
	get("/api/export", s.export)
	get("/healthz", s.healthz)
	get("/openapi.json", s.file("static/openapi.json", "application/json"))
	get("/{$}", s.file("static/index.html", "text/html; charset=utf-8"))
	get("/", func(w http.ResponseWriter, r *http.Request) error {
		return &httpError{http.StatusNotFound, fmt.Sprintf("no such path %s", r.URL.Path), nil}
	})
	return mux
}

// httpError is an error with the status it answers.
type httpError struct {
	status int
	msg    string
	err    error // logged for 5xx, not shown
}

func (e *httpError) Error() string { return e.msg }

// wrap adds CORS, method checks, panic recovery and error responses.
func (s *server) wrap(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.origin != "" {
			w.Header().Set("Access-Control-Allow-Origin", s.origin)
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodOptions:
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			if s.origin != "" {
				w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
				w.Header().Set("Access-Control-Max-Age", "86400")
			}
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed; use GET", r.Method))
			return
		}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("api panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail maps err to a status and writes it.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	switch {
	case errors.As(err, &he):
		if he.status >= 500 {
			s.log.Error("api error", "path", r.URL.Path, "err", he.err)
		}
		writeError(w, he.status, he.msg)
	case errors.Is(err, index.ErrBadQuery):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, index.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
	default:
		s.log.Error("api error", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func (s *server) file(name, ctype string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		b, err := static.ReadFile(name)
		if err != nil {
			return fmt.Errorf("reading embedded %s: %w", name, err)
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(b)
		return nil
	}
}

// searchResponse is the JSON of /api/search.
type searchResponse struct {
	Total    uint64                    `json:"total"`
	Hits     []index.Hit               `json:"hits"`
	Facets   map[string][]index.Bucket `json:"facets,omitempty"`
	Timeline []index.TimeBucket        `json:"timeline,omitempty"`
	Size     int                       `json:"size"`
	Offset   int                       `json:"offset"`
	TookMS   float64                   `json:"took_ms"`
}

func tookMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.ix.Search(r.Context(), q)
	if err != nil {
		return err
	}
	size := q.Size
	if size == 0 {
		size = index.DefaultSize
	}
	writeJSON(w, http.StatusOK, searchResponse{
		Total: res.Total, Hits: res.Hits, Facets: res.Facets, Timeline: res.Timeline,
		Size: size, Offset: q.Offset, TookMS: tookMS(res.Took),
	})
	return nil
}

func (s *server) article(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	a, err := s.ix.Get(r.Context(), id)
	if errors.Is(err, index.ErrNotFound) {
		return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("article %q not found", id)}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *server) facets(w http.ResponseWriter, r *http.Request) error {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	if q.Facets == nil {
		q.Facets = map[string]int{}
		for _, name := range index.FacetNames() {
			q.Facets[name] = 0
		}
	}
	q.Size, q.Offset, q.Interval, q.Highlight = index.NoHits, 0, "", false
	res, err := s.ix.Search(r.Context(), q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": res.Total, "facets": res.Facets, "took_ms": tookMS(res.Took)})
	return nil
}

func (s *server) timeline(w http.ResponseWriter, r *http.Request) error {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	if q.Interval == "" {
		q.Interval = "month"
	}
	q.Size, q.Offset, q.Facets, q.Highlight = index.NoHits, 0, nil, false
	res, err := s.ix.Search(r.Context(), q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": res.Total, "interval": q.Interval, "timeline": res.Timeline, "took_ms": tookMS(res.Took)})
	return nil
}

func (s *server) ties(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q, err := ParseQuery(v)
	if err != nil {
		return err
	}
	var opt index.TieOptions
	if opt.Limit, err = intParam(v, "limit", 50, 1, index.MaxFacetSize); err != nil {
		return err
	}
	if opt.Articles, err = intParam(v, "articles", 5, 1, 100); err != nil {
		return err
	}
	// region/country here ask for the ties of those places: match them on
	// the ties' sides rather than on the article's tags.
	opt.Involving = append(append([]string{}, q.Regions...), q.Countries...)
	if len(q.Regions) == 1 && q.Tie == "" {
		q.Tie, q.Regions = q.Regions[0], nil
	}
	start := time.Now()
	ties, err := s.ix.Ties(r.Context(), q, opt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ties": ties, "took_ms": tookMS(time.Since(start))})
	return nil
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) error {
	body := map[string]any{"status": "ok"}
	if s.version != "" {
		body["version"] = s.version
	}
	if s.ready != nil {
		if err := s.ready(r.Context()); err != nil {
			body["status"], body["error"] = "unavailable", err.Error()
			writeJSON(w, http.StatusServiceUnavailable, body)
			return nil
		}
	}
	n, err := s.ix.Count()
	if err != nil {
		return err
	}
	body["documents"] = n
	writeJSON(w, http.StatusOK, body)
	return nil
}
