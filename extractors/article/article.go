// Package article is the extraction stage: it turns a page into a tagged
// article by running the content extractor and then every tagger on the
// clean text. `tieline extract` and the pipeline's extract workers both
// call Extract, so offline results are exactly what the pipeline indexes.
package article

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/extractors/content"
	"github.com/tieline/tieline/extractors/figures"
	"github.com/tieline/tieline/extractors/officials"
	"github.com/tieline/tieline/extractors/places"
	"github.com/tieline/tieline/extractors/ties"
	"github.com/tieline/tieline/pipeline"
)

// Version identifies the extraction code and data; stored with every
// article so that a re-extraction can find what an older version produced.
const Version = "0.1.0"

// JSONContentType marks a page whose body is one article as JSON (a line
// of an imported JSONL file): its text is re-tagged, its metadata kept.
const JSONContentType = "application/vnd.tieline.article+json"

// ErrUnreadable wraps content errors that no retry can fix (empty, binary
// or oversized documents).
var ErrUnreadable = errors.New("unreadable document")

// Extract turns a page into a tagged article.
func Extract(p pipeline.Page) (pipeline.Article, error) {
	if p.ContentType == JSONContentType {
		return fromJSON(p)
	}
	res, err := content.Extract(content.Input{
		Body: p.Body, URL: p.URL, ContentType: p.ContentType, Selectors: p.Selectors,
		Agency: p.Agency, Language: p.Language, FetchedAt: p.FetchedAt,
	})
	if err != nil {
		if errors.Is(err, content.ErrEmpty) || errors.Is(err, content.ErrBinary) ||
			errors.Is(err, content.ErrTooLarge) || errors.Is(err, content.ErrNoText) {
			return pipeline.Article{}, fmt.Errorf("%w: %w", ErrUnreadable, err)
		}
		return pipeline.Article{}, err
	}
	a := pipeline.Article{
		ID:             p.ID,
		URL:            p.URL,
		Source:         res.Agency,
		OriginalSource: res.OriginalAgency,
		Title:          res.Title,
		Published:      res.Published,
		Language:       res.Language,
		Author:         res.Author,
		Dateline:       res.Dateline,
		Text:           res.Text,
		FetchedAt:      p.FetchedAt,
		Version:        p.Version,
		SourceName:     p.Source,
	}
	if a.URL == "" {
		a.URL = res.CanonicalURL
	}
	if a.Source == "" {
		a.Source = res.OriginalAgency
	}
	if a.ID == "" {
		a.ID = idFor(a.URL, p.Body)
	}
	if err := Tag(&a); err != nil {
		return a, err
	}
	return a, nil
}

func idFor(url string, body []byte) string {
	if url != "" {
		return pipeline.StableID(url)
	}
	return pipeline.ContentID(body)
}

// fromJSON re-tags an article given as JSON (an import of JSON lines).
func fromJSON(p pipeline.Page) (pipeline.Article, error) {
	var a pipeline.Article
	if err := json.Unmarshal(p.Body, &a); err != nil {
		return a, fmt.Errorf("%w: article json: %w", ErrUnreadable, err)
	}
	if a.Text == "" && a.Title == "" {
		return a, fmt.Errorf("%w: article json has no title and no text", ErrUnreadable)
	}
	if a.Language == "" {
		a.Language = content.DetectLanguage(a.Title + "\n" + a.Text)
	}
	if a.ID == "" {
		a.ID = p.ID
	}
	if a.ID == "" {
		a.ID = idFor(a.URL, p.Body)
	}
	a.SourceName = p.Source
	a.FetchedAt = p.FetchedAt
	a.Input = ""
	if err := Tag(&a); err != nil {
		return a, err
	}
	return a, nil
}

// Tag runs every tagger on the article's title and text and stores their
// results, with offsets converted to characters. Places, officials and
// ties are also looked for in the title (a headline often names a side of
// a tie, or is all a one-line document has); their mentions count, but
// offsets point into the text only. Figures come from the text alone, as
// headlines repeat them.
func Tag(a *pipeline.Article) error {
	pt, err := places.Default()
	if err != nil {
		return fmt.Errorf("loading gazetteer: %w", err)
	}
	lang, text := a.Language, a.Text
	doc, off := text, 0
	if t := strings.TrimSpace(a.Title); t != "" && !strings.HasPrefix(text, t) {
		doc = t + "\n\n" + text
		off = len(t) + 2
	}
	ps := pt.Find(doc, lang)
	a.Countries = pt.Countries(ps)
	a.Regions = pt.Regions(ps)
	a.Officials = officials.Find(doc, lang, ps)
	a.Ties = ties.Find(doc, lang, outside(ps, datelineSpan(text, a.Dateline, off)), a.Officials)
	a.Figures = figures.Find(text, lang)
	a.ExtractorVersion = Version
	if off > 0 {
		shiftOut(a, off)
	}
	toCharOffsets(text, a)
	return nil
}

// datelineSpan returns the byte span in title+text of the dateline that
// opens the text ("MINSK, 14 February (BelTA) –"), or an empty span.
func datelineSpan(text, dateline string, off int) pipeline.Span {
	dateline = strings.TrimSpace(dateline)
	if dateline == "" {
		return pipeline.Span{}
	}
	head := text
	if len(head) > 600 {
		head = head[:600]
	}
	i := strings.Index(head, dateline)
	if i < 0 {
		return pipeline.Span{}
	}
	return pipeline.Span{Start: off + i, End: off + i + len(dateline)}
}

// outside drops the places inside span: the city a story was filed from is
// no party to the ties the story reports.
func outside(ps []extractors.Place, span pipeline.Span) []extractors.Place {
	if span.End <= span.Start {
		return ps
	}
	out := make([]extractors.Place, 0, len(ps))
	for _, p := range ps {
		if p.Start >= span.Start && p.End <= span.End {
			continue
		}
		out = append(out, p)
	}
	return out
}

// shiftOut moves offsets from title+text to text coordinates, dropping the
// spans that fall in the title.
func shiftOut(a *pipeline.Article, off int) {
	shift := func(spans []pipeline.Span) []pipeline.Span {
		out := spans[:0]
		for _, s := range spans {
			if s.Start >= off {
				out = append(out, pipeline.Span{Start: s.Start - off, End: s.End - off})
			}
		}
		return out
	}
	for i := range a.Countries {
		a.Countries[i].Spans = shift(a.Countries[i].Spans)
	}
	for i := range a.Regions {
		a.Regions[i].Spans = shift(a.Regions[i].Spans)
	}
	for i := range a.Officials {
		a.Officials[i].Spans = shift(a.Officials[i].Spans)
	}
	for i := range a.Ties {
		t := &a.Ties[i]
		if t.Start < off {
			t.Start, t.End, t.InTitle = 0, 0, true
		} else {
			t.Start, t.End = t.Start-off, t.End-off
		}
	}
}

// toCharOffsets rewrites the taggers' byte offsets as character offsets,
// in one pass over the text.
func toCharOffsets(text string, a *pipeline.Article) {
	var ptrs []*int
	for i := range a.Countries {
		for j := range a.Countries[i].Spans {
			ptrs = append(ptrs, &a.Countries[i].Spans[j].Start, &a.Countries[i].Spans[j].End)
		}
	}
	for i := range a.Regions {
		for j := range a.Regions[i].Spans {
			ptrs = append(ptrs, &a.Regions[i].Spans[j].Start, &a.Regions[i].Spans[j].End)
		}
	}
	for i := range a.Officials {
		for j := range a.Officials[i].Spans {
			ptrs = append(ptrs, &a.Officials[i].Spans[j].Start, &a.Officials[i].Spans[j].End)
		}
	}
	for i := range a.Figures {
		ptrs = append(ptrs, &a.Figures[i].Start, &a.Figures[i].End)
	}
	for i := range a.Ties {
		ptrs = append(ptrs, &a.Ties[i].Start, &a.Ties[i].End)
	}
	sort.Slice(ptrs, func(i, j int) bool { return *ptrs[i] < *ptrs[j] })
	b, r := 0, 0
	for _, p := range ptrs {
		target := min(max(*p, 0), len(text))
		for b < target {
			_, size := utf8.DecodeRuneInString(text[b:])
			b += size
			r++
		}
		*p = r
	}
}
