package index

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/tieline/tieline/pipeline"
)

// mappingVersion is stored in the index; bump it whenever buildMapping or
// toDoc change in a way that needs a reindex, so that Open refuses an index
// built by older code instead of silently mixing two layouts.
const mappingVersion = "1"

// Field names of the indexed document; query-string users see them
// (`title:governor`, `regions.code:RU-PER`).
const (
	fTitle          = "title"
	fText           = "text"
	fEntities       = "entities"
	fLead           = "lead"
	fURL            = "url"
	fSource         = "source"
	fOriginalSource = "original_source"
	fSourceName     = "source_name"
	fLanguage       = "language"
	fPublished      = "published"
	fVersion        = "version"
	fCountryCode    = "countries.code"
	fRegionCode     = "regions.code"
	fRegionCountry  = "regions.country"
	fOfficialName   = "officials.name"
	fOfficialTitle  = "officials.title"
	fTies           = "ties"
	fTiePlaces      = "tie_places"
	fTieKinds       = "tie_kinds"
	fArticle        = "article_json"
)

// leadRunes is how much of the text is stored as the fallback snippet.
const leadRunes = 240

func buildMapping() *mapping.IndexMappingImpl {
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = TextAnalyzer
		f.Store = store
		f.IncludeTermVectors = true // phrases need positions; highlighting also needs Store
		f.IncludeInAll = true
		f.DocValues = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true // facets and sorting
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fTitle, text(true))
	doc.AddFieldMappingsAt(fText, text(true))
	doc.AddFieldMappingsAt(fEntities, text(false))
	doc.AddFieldMappingsAt(fLead, storedOnly())
	doc.AddFieldMappingsAt(fArticle, storedOnly())
	doc.AddFieldMappingsAt(fURL, kw(true))
	doc.AddFieldMappingsAt(fSource, kw(true))
	doc.AddFieldMappingsAt(fOriginalSource, kw(false))
	doc.AddFieldMappingsAt(fSourceName, kw(false))
	doc.AddFieldMappingsAt(fLanguage, kw(true))
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store = true
	pub.IncludeInAll = false
	pub.DocValues = true
	doc.AddFieldMappingsAt(fPublished, pub)
	ver := bleve.NewNumericFieldMapping()
	ver.Store = true
	ver.IncludeInAll = false
	doc.AddFieldMappingsAt(fVersion, ver)
	doc.AddFieldMappingsAt(fTies, kw(false))
	doc.AddFieldMappingsAt(fTiePlaces, kw(false))
	doc.AddFieldMappingsAt(fTieKinds, kw(false))

	sub := func(fields ...string) *mapping.DocumentMapping {
		m := bleve.NewDocumentStaticMapping()
		for _, f := range fields {
			m.AddFieldMappingsAt(f, kw(false))
		}
		return m
	}
	doc.AddSubDocumentMapping("countries", sub("code"))
	doc.AddSubDocumentMapping("regions", sub("code", "country"))
	doc.AddSubDocumentMapping("officials", sub("name", "title"))

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = TextAnalyzer
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// toDoc turns an article into the indexed document. The article itself is
// stored as JSON without its text (the text is stored once, in the text
// field, where highlighting needs it).
func toDoc(a *pipeline.Article) (map[string]any, error) {
	body := *a
	body.Text = ""
	js, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding article %s: %w", a.ID, err)
	}
	d := map[string]any{
		fTitle:    a.Title,
		fText:     a.Text,
		fLead:     lead(a.Text),
		fArticle:  string(js),
		fLanguage: strings.ToLower(a.Language),
		fVersion:  float64(a.Version),
	}
	setIf := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	setIf(fURL, a.URL)
	setIf(fSource, a.Source)
	setIf(fOriginalSource, a.OriginalSource)
	setIf(fSourceName, a.SourceName)
	// Dates bleve cannot store (before 1678, after 2261) stay unindexed
	// rather than failing the whole batch; the stored article keeps them.
	if p := a.Published.UTC(); !p.Before(minDate) && !p.After(maxDate) {
		d[fPublished] = p
	}

	var names []string
	var countries []any
	for _, c := range a.Countries {
		countries = append(countries, map[string]any{"code": strings.ToUpper(c.Code)})
		names = append(names, c.Name)
	}
	var regions []any
	for _, r := range a.Regions {
		regions = append(regions, map[string]any{"code": strings.ToUpper(r.Code), "country": strings.ToUpper(r.Country)})
		names = append(names, r.Name)
	}
	var officials []any
	for _, o := range a.Officials {
		m := map[string]any{"name": o.Name}
		if o.Title != "" {
			m["title"] = strings.ToLower(o.Title)
		}
		officials = append(officials, m)
		// The normalized English title lets "governor" find Russian
		// articles about governors.
		names = append(names, o.Name, o.TitleText, o.Title)
	}
	var ties, sides, kinds []string
	for _, t := range a.Ties {
		ties = append(ties, TieKey(t.A, t.B))
		sides = append(sides, strings.ToUpper(t.A), strings.ToUpper(t.B))
		if t.Kind != "" {
			kinds = append(kinds, t.Kind)
		}
	}
	if countries != nil {
		d["countries"] = countries
	}
	if regions != nil {
		d["regions"] = regions
	}
	if officials != nil {
		d["officials"] = officials
	}
	if ties != nil {
		d[fTies] = uniq(ties)
		d[fTiePlaces] = uniq(sides)
	}
	if kinds != nil {
		d[fTieKinds] = uniq(kinds)
	}
	// Entity names are searchable as text, so "Belarus" finds a Russian
	// article tagged BY and "Perm Krai" one that says "Прикамье".
	names = slices.DeleteFunc(names, func(s string) bool { return s == "" })
	if len(names) > 0 {
		d[fEntities] = strings.Join(names, " ; ")
	}
	return d, nil
}

// TieKey is the keyword a tie is indexed under: both codes upper-cased,
// sorted, joined by "|" ("BY|RU-PER").
func TieKey(a, b string) string {
	a, b = strings.ToUpper(strings.TrimSpace(a)), strings.ToUpper(strings.TrimSpace(b))
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// lead returns the start of the text, cut at a word boundary.
func lead(text string) string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) <= leadRunes {
		return text
	}
	n := 0
	for i := range text {
		if n == leadRunes {
			cut := text[:i]
			if j := strings.LastIndexAny(cut, " \n\t"); j > leadRunes/2 {
				cut = cut[:j]
			}
			return strings.TrimSpace(cut) + " …"
		}
		n++
	}
	return text
}
