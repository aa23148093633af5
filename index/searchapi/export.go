package searchapi

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tieline/tieline/index"
	"github.com/tieline/tieline/pipeline"
)

// csvHeader is the first row of a CSV export.
var csvHeader = []string{"id", "published", "source", "title", "url", "countries", "regions", "ties"}

// export streams every matching article (all pages) as JSONL full
// articles or CSV summary rows.
func (s *server) export(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = "jsonl"
	}
	if format != "jsonl" && format != "csv" {
		return bad("format", "%q: want jsonl or csv", format)
	}
	q, err := ParseQuery(v)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var cw *csv.Writer
	started := false
	begin := func() {
		started = true
		ctype := "application/x-ndjson"
		if format == "csv" {
			ctype = "text/csv; charset=utf-8"
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="tieline-%s.%s"`, time.Now().UTC().Format("20060102-150405"), format))
		w.WriteHeader(http.StatusOK)
		if format == "csv" {
			cw = csv.NewWriter(bw)
			_ = cw.Write(csvHeader)
		}
	}
	n, err := s.ix.Scan(r.Context(), q, format == "jsonl", func(a *pipeline.Article) error {
		if !started {
			begin()
		}
		if format == "csv" {
			return cw.Write(csvRow(a))
		}
		b, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", a.ID, err)
		}
		bw.Write(b)
		return bw.WriteByte('\n')
	})
	if err != nil && !started {
		return err
	}
	if !started {
		begin()
	}
	if cw != nil {
		cw.Flush()
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		// Headers are gone; all we can do is cut the stream short and log.
		s.log.Error("export stopped", "after", n, "err", err)
		return nil
	}
	s.log.Debug("export done", "articles", n, "format", format)
	return nil
}

func csvRow(a *pipeline.Article) []string {
	var pub string
	if !a.Published.IsZero() {
		pub = a.Published.UTC().Format(time.RFC3339)
	}
	var cs, rs, ts []string
	for _, c := range a.Countries {
		cs = append(cs, c.Code)
	}
	for _, r := range a.Regions {
		rs = append(rs, r.Code)
	}
	for _, t := range a.Ties {
		ts = append(ts, index.TieKey(t.A, t.B))
	}
	return []string{a.ID, pub, a.Source, a.Title, a.URL, strings.Join(cs, ";"), strings.Join(rs, ";"), strings.Join(ts, ";")}
}
