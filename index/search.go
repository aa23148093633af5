package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/tieline/tieline/pipeline"
)

// timelineFacet is the internal name of the timeline's date-range facet.
const timelineFacet = "\x00timeline"

// Search runs q. Errors caused by q wrap ErrBadQuery.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	if err := q.check(); err != nil {
		return nil, err
	}
	bq, err := q.bleveQuery()
	if err != nil {
		return nil, err
	}
	size := q.Size
	switch size {
	case 0:
		size = DefaultSize
	case NoHits:
		size = 0
	}
	req := bleve.NewSearchRequestOptions(bq, size, q.Offset, false)
	req.SortBy(q.sortOrder())
	req.Fields = []string{fArticle, fLead}
	if q.Highlight && strings.TrimSpace(q.Q) != "" {
		req.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
		req.Highlight.AddField(fText)
	}
	for name, n := range q.Facets {
		if n == 0 {
			n = DefaultFacetSize
		}
		req.AddFacet(name, bleve.NewFacetRequest(Facets[name], n))
	}
	var buckets []TimeBucket
	if q.Interval != "" {
		buckets, err = ix.timeline(ctx, bq, &q)
		if err != nil {
			return nil, err
		}
		if len(buckets) > 0 {
			fr := bleve.NewFacetRequest(fPublished, len(buckets))
			for i, b := range buckets {
				fr.AddDateTimeRange(fmt.Sprint(i), b.Start, b.End)
			}
			req.AddFacet(timelineFacet, fr)
		}
	}

	res, err := ix.search(ctx, req, &q)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit, err := toHit(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	for name, fr := range res.Facets {
		if name == timelineFacet {
			for _, dr := range fr.DateRanges {
				var i int
				if _, err := fmt.Sscan(dr.Name, &i); err == nil && i >= 0 && i < len(buckets) {
					buckets[i].Count = dr.Count
				}
			}
			continue
		}
		if out.Facets == nil {
			out.Facets = map[string][]Bucket{}
		}
		bs := []Bucket{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				bs = append(bs, Bucket{Term: t.Term, Count: t.Count})
			}
		}
		out.Facets[name] = bs
	}
	if q.Interval != "" {
		out.Timeline = buckets
		if out.Timeline == nil {
			out.Timeline = []TimeBucket{}
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// search runs req. When it fails and q has a query string, the same
// filters are tried without it: if they work, the query string is to blame
// (an invalid regexp, too much fuzziness: errors bleve only finds when it
// builds its searchers) and the error is a bad query.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest, q *Query) (*bleve.SearchResult, error) {
	res, err := ix.bi.SearchInContext(ctx, req)
	if err == nil {
		return res, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if q != nil && strings.TrimSpace(q.Q) != "" {
		probe := *q
		probe.Q = ""
		if pq, perr := probe.bleveQuery(); perr == nil {
			if _, perr := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(pq, 0, 0, false)); perr == nil {
				return nil, badf("q: %v", err)
			}
		}
	}
	return nil, fmt.Errorf("searching: %w", err)
}

// timeline returns the empty buckets from q.From (or the earliest
// matching article) to q.To (or the latest), so that dashboards asking for
// a fixed window get the whole window.
func (ix *Index) timeline(ctx context.Context, bq query.Query, q *Query) ([]TimeBucket, error) {
	lo, hi := q.From, q.To
	if !hi.IsZero() {
		hi = hi.Add(-time.Nanosecond)
	}
	if lo.IsZero() {
		t, ok, err := ix.edge(ctx, bq, fPublished, q)
		if err != nil || !ok {
			return nil, err
		}
		lo = t
	}
	if hi.IsZero() {
		t, ok, err := ix.edge(ctx, bq, "-"+fPublished, q)
		if err != nil || !ok {
			return nil, err
		}
		hi = t
	}
	if hi.Before(lo) {
		return nil, nil
	}
	return timeBuckets(lo, hi, q.Interval)
}

// edge returns the published date of the first hit in the given order;
// ok is false when no matching article has a date.
func (ix *Index) edge(ctx context.Context, bq query.Query, order string, q *Query) (time.Time, bool, error) {
	req := bleve.NewSearchRequestOptions(bq, 1, 0, false)
	req.SortBy([]string{order})
	req.Fields = []string{fPublished}
	res, err := ix.search(ctx, req, q)
	if err != nil {
		return time.Time{}, false, err
	}
	if len(res.Hits) == 0 {
		return time.Time{}, false, nil
	}
	t, ok := fieldTime(res.Hits[0].Fields[fPublished])
	return t, ok, nil
}

// fieldTime decodes a stored datetime field.
func fieldTime(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// storedArticle decodes the article stored with a hit (without its text).
func storedArticle(h *search.DocumentMatch) (*pipeline.Article, error) {
	js, _ := h.Fields[fArticle].(string)
	if js == "" {
		return nil, fmt.Errorf("reading hit %s: no stored article", h.ID)
	}
	var a pipeline.Article
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		return nil, fmt.Errorf("decoding hit %s: %w", h.ID, err)
	}
	return &a, nil
}

func toHit(h *search.DocumentMatch) (Hit, error) {
	a, err := storedArticle(h)
	if err != nil {
		return Hit{}, err
	}
	hit := Hit{
		ID: h.ID, Score: h.Score, Title: a.Title, URL: a.URL, Source: a.Source,
		Language:  a.Language,
		Countries: []string{}, Regions: []string{}, Officials: []OfficialRef{}, Ties: []string{},
	}
	if !a.Published.IsZero() {
		p := a.Published
		hit.Published = &p
	}
	for _, c := range a.Countries {
		hit.Countries = append(hit.Countries, c.Code)
	}
	for _, r := range a.Regions {
		hit.Regions = append(hit.Regions, r.Code)
	}
	for _, o := range a.Officials {
		hit.Officials = append(hit.Officials, OfficialRef{Name: o.Name, Title: o.Title})
	}
	for _, t := range a.Ties {
		hit.Ties = append(hit.Ties, TieKey(t.A, t.B))
	}
	if frags := h.Fragments[fText]; len(frags) > 0 {
		if len(frags) > 2 {
			frags = frags[:2]
		}
		hit.Snippet = strings.Join(frags, " … ")
	} else if l, ok := h.Fields[fLead].(string); ok {
		hit.Snippet = htmlEscape(l)
	}
	return hit, nil
}

func htmlEscape(s string) string { return html.EscapeString(s) }

// scanPage is how many articles Scan reads per search (a var so tests
// can cross page boundaries with few documents).
var scanPage = 500

// Scan calls fn for every article matching q's query and filters (paging,
// facets and timeline are ignored), newest first unless q.Sort is
// "published". With withText the articles carry their text. It stops at
// the first error from fn and returns the number of articles passed to fn.
func (ix *Index) Scan(ctx context.Context, q Query, withText bool, fn func(*pipeline.Article) error) (int, error) {
	q.Size, q.Offset, q.Facets, q.Interval = 0, 0, nil, ""
	if err := q.check(); err != nil {
		return 0, err
	}
	bq, err := q.bleveQuery()
	if err != nil {
		return 0, err
	}
	order := []string{"-" + fPublished, "_id"}
	if q.Sort == SortOldest {
		order = []string{fPublished, "_id"}
	}
	fields := []string{fArticle}
	if withText {
		fields = append(fields, fText)
	}
	n := 0
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bq, scanPage, 0, false)
		req.SortBy(order)
		req.Fields = fields
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := ix.search(ctx, req, &q)
		if err != nil {
			return n, err
		}
		for _, h := range res.Hits {
			a, err := storedArticle(h)
			if err != nil {
				return n, err
			}
			if withText {
				a.Text, _ = h.Fields[fText].(string)
			}
			if err := fn(a); err != nil {
				return n, err
			}
			n++
		}
		if len(res.Hits) < scanPage {
			return n, nil
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}

// TieStat aggregates one tie over the matching articles.
type TieStat struct {
	A        string     `json:"a"`
	B        string     `json:"b"`
	Count    int        `json:"count"`
	First    *time.Time `json:"first"` // earliest published date, nil if none is dated
	Last     *time.Time `json:"last"`
	Articles []string   `json:"articles"` // ids of the newest articles
}

// TieOptions shapes a Ties aggregation.
type TieOptions struct {
	// Limit is the number of pairs (0: 50, at most MaxFacetSize).
	Limit int
	// Articles is the number of article ids per pair (0: 5, at most 100).
	Articles int
	// Involving keeps only pairs with a side equal to one of these codes,
	// or, for a country code, a side in that country ("BY" keeps BY-MI).
	Involving []string
}

// Ties counts the ties carried by the articles matching q (paging, facets
// and timeline are ignored), most frequent first.
func (ix *Index) Ties(ctx context.Context, q Query, opt TieOptions) ([]TieStat, error) {
	q.Size, q.Offset, q.Facets, q.Interval = 0, 0, nil, ""
	if err := q.check(); err != nil {
		return nil, err
	}
	switch {
	case opt.Limit < 0 || opt.Limit > MaxFacetSize:
		return nil, badf("limit %d: must be 0 to %d", opt.Limit, MaxFacetSize)
	case opt.Articles < 0 || opt.Articles > 100:
		return nil, badf("articles %d: must be 0 to 100", opt.Articles)
	}
	if opt.Limit == 0 {
		opt.Limit = 50
	}
	if opt.Articles == 0 {
		opt.Articles = 5
	}
	bq, err := q.bleveQuery()
	if err != nil {
		return nil, err
	}
	var involving []string
	for _, c := range opt.Involving {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			involving = append(involving, c)
		}
	}
	facetSize := opt.Limit
	if len(involving) > 0 {
		facetSize = MaxFacetSize
	}
	req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	req.AddFacet("ties", bleve.NewFacetRequest(fTies, facetSize))
	res, err := ix.search(ctx, req, &q)
	if err != nil {
		return nil, err
	}
	out := []TieStat{}
	fr := res.Facets["ties"]
	if fr == nil || fr.Terms == nil {
		return out, nil
	}
	for _, t := range fr.Terms.Terms() {
		if len(out) == opt.Limit {
			break
		}
		a, b, _ := strings.Cut(t.Term, "|")
		if len(involving) > 0 && !involves(a, b, involving) {
			continue
		}
		out = append(out, TieStat{A: a, B: b, Count: t.Count, Articles: []string{}})
	}
	// Dates and ids take two small searches per pair; a few workers keep
	// the latency down on multi-core machines.
	var wg sync.WaitGroup
	errs := make([]error, len(out))
	next := make(chan int)
	for range min(4, len(out)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = ix.tieDates(ctx, bq, &q, &out[i], opt.Articles)
			}
		})
	}
	for i := range out {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// tieDates fills the first and last dates and the newest article ids of st.
func (ix *Index) tieDates(ctx context.Context, bq query.Query, q *Query, st *TieStat, articles int) error {
	tq := bleve.NewTermQuery(TieKey(st.A, st.B))
	tq.SetField(fTies)
	pq := bleve.NewConjunctionQuery(bq, tq)
	newest, err := ix.dated(ctx, pq, "-"+fPublished, articles, q)
	if err != nil {
		return err
	}
	for _, h := range newest {
		st.Articles = append(st.Articles, h.ID)
	}
	if len(newest) > 0 {
		if t, ok := fieldTime(newest[0].Fields[fPublished]); ok {
			st.Last = &t
		}
	}
	oldest, err := ix.dated(ctx, pq, fPublished, 1, q)
	if err != nil {
		return err
	}
	if len(oldest) > 0 {
		if t, ok := fieldTime(oldest[0].Fields[fPublished]); ok {
			st.First = &t
		}
	}
	return nil
}

// dated returns the first n hits of bq in the given published order.
func (ix *Index) dated(ctx context.Context, bq query.Query, order string, n int, q *Query) ([]*search.DocumentMatch, error) {
	req := bleve.NewSearchRequestOptions(bq, n, 0, false)
	req.SortBy([]string{order, "_id"})
	req.Fields = []string{fPublished}
	res, err := ix.search(ctx, req, q)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// involves reports whether side a or b matches one of codes.
func involves(a, b string, codes []string) bool {
	for _, c := range codes {
		for _, s := range []string{a, b} {
			if s == c || (!strings.Contains(c, "-") && strings.HasPrefix(s, c+"-")) {
				return true
			}
		}
	}
	return false
}
