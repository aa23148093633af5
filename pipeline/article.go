// Package pipeline holds tieline's domain types — the article and its
// entities as they travel between stages, sit in the index and leave the
// API — and the contract every stage fulfils. It imports no broker, crawler
// or index library; those live in sub-packages and adapters.
package pipeline

import (
	"encoding/json"
	"time"
)

// Page is a fetched or imported document before extraction: the message on
// the pages subject. Body is the raw bytes as received (any charset);
// extraction decodes it.
type Page struct {
	ID          string            `json:"id"`                     // article id: StableID(canonical URL) or ContentID(body)
	URL         string            `json:"url,omitempty"`          // final URL after redirects and canonicalization
	Source      string            `json:"source,omitempty"`       // source name from the config ("tass-en"), or "file"
	Agency      string            `json:"agency,omitempty"`       // the site's agency from the config ("TASS")
	Language    string            `json:"language,omitempty"`     // configured language hint, may be empty
	Input       string            `json:"input,omitempty"`        // file path for imports
	ContentType string            `json:"content_type,omitempty"` // HTTP Content-Type header, may be empty
	Header      map[string]string `json:"header,omitempty"`       // selected response headers (Last-Modified, ...)
	FetchedAt   time.Time         `json:"fetched_at"`
	Version     int               `json:"version,omitempty"` // 1 for the first fetch, +1 for each changed body
	Body        []byte            `json:"body"`
	// Selectors are per-source CSS selectors that override the generic
	// main-content extractor for this page's site.
	Selectors *Selectors `json:"selectors,omitempty"`
}

// Selectors are per-source CSS overrides for content extraction.
type Selectors struct {
	Title     string `json:"title,omitempty" yaml:"title"`
	Body      string `json:"body,omitempty" yaml:"body"`
	Published string `json:"published,omitempty" yaml:"published"`
	Remove    string `json:"remove,omitempty" yaml:"remove"`
}

// Article is an extracted, tagged article: the JSON of `tieline extract`,
// the message on the articles subject, the indexed document and the API's
// record. Offsets (Start, End) are character (Unicode code point) offsets
// into Text.
type Article struct {
	Input          string    `json:"input,omitempty"` // extract only: the argument as given
	ID             string    `json:"id"`
	URL            string    `json:"url"`    // "" marshals as null
	Source         string    `json:"source"` // the site's agency; "" marshals as null
	OriginalSource string    `json:"original_source,omitempty"`
	Title          string    `json:"title"`
	Published      time.Time `json:"published"` // zero marshals as null
	Language       string    `json:"language"`
	Author         string    `json:"author,omitempty"`
	Dateline       string    `json:"dateline,omitempty"`
	Text           string    `json:"text"`

	Countries []Country  `json:"countries"`
	Regions   []Region   `json:"regions"`
	Officials []Official `json:"officials"`
	Figures   []Figure   `json:"figures"`
	Ties      []Tie      `json:"ties"`

	FetchedAt        time.Time `json:"fetched_at,omitzero"`
	Version          int       `json:"version,omitempty"`
	SourceName       string    `json:"source_name,omitempty"` // config source name ("tass-en")
	ExtractorVersion string    `json:"extractor_version"`
}

// Span is a [Start, End) range of character offsets into the article text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Country is an ISO 3166-1 country the article refers to.
type Country struct {
	Code     string `json:"code"` // ISO 3166-1 alpha-2
	Name     string `json:"name"` // English short name
	Mentions int    `json:"mentions"`
	Spans    []Span `json:"spans,omitempty"`
}

// Region is an ISO 3166-2 first-level subdivision the article names.
// Mentions in the title count in Mentions; Spans cover the text only.
type Region struct {
	Code     string `json:"code"` // ISO 3166-2, e.g. RU-PER
	Name     string `json:"name"` // English name, e.g. Perm Krai
	Country  string `json:"country"`
	Mentions int    `json:"mentions"`
	Spans    []Span `json:"spans,omitempty"`
}

// Official is a person named with a public role.
type Official struct {
	Name      string `json:"name"`                 // as fully as the article gives it
	Title     string `json:"title"`                // normalized English, lower case: "governor"
	TitleText string `json:"title_text,omitempty"` // the words as written: "Perm Krai Governor"
	Country   string `json:"country,omitempty"`    // ISO 3166-1 the person represents
	Region    string `json:"region,omitempty"`     // ISO 3166-2 the person represents
	Spans     []Span `json:"spans,omitempty"`
}

// Figure kinds.
const (
	KindMoney   = "money"
	KindPercent = "percent"
	KindCount   = "count"
)

// Figure is a normalized quantity: money (Unit = ISO 4217), percent (Unit =
// "percent") or count (Unit = the counted noun, singular).
type Figure struct {
	Text    string  `json:"text"`
	Kind    string  `json:"kind"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Subject string  `json:"subject,omitempty"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
}

// Tie is an unordered pair of places presented as cooperating; at least one
// side is a region. A sorts before B.
type Tie struct {
	A        string `json:"a"`
	B        string `json:"b"`
	Kind     string `json:"kind,omitempty"` // cooperation, trade, visit, agreement, twinning
	Evidence string `json:"evidence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	// InTitle is set when the evidence is the title; Start and End are 0.
	InTitle bool `json:"in_title,omitempty"`
}

// MarshalJSON writes "" URL/source and zero times as null, and empty entity
// lists as [], so that consumers see the documented schema.
func (a Article) MarshalJSON() ([]byte, error) {
	type plain Article
	out := struct {
		plain
		URL       *string    `json:"url"`
		Source    *string    `json:"source"`
		Published *time.Time `json:"published"`
	}{plain: plain(a)}
	if a.URL != "" {
		out.URL = &a.URL
	}
	if a.Source != "" {
		out.Source = &a.Source
	}
	if !a.Published.IsZero() {
		out.Published = &a.Published
	}
	if out.Countries == nil {
		out.Countries = []Country{}
	}
	if out.Regions == nil {
		out.Regions = []Region{}
	}
	if out.Officials == nil {
		out.Officials = []Official{}
	}
	if out.Figures == nil {
		out.Figures = []Figure{}
	}
	if out.Ties == nil {
		out.Ties = []Tie{}
	}
	return json.Marshal(out)
}

// UnmarshalJSON accepts null for url, source and published.
func (a *Article) UnmarshalJSON(b []byte) error {
	type plain Article
	in := struct {
		*plain
		URL       *string    `json:"url"`
		Source    *string    `json:"source"`
		Published *time.Time `json:"published"`
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if in.URL != nil {
		a.URL = *in.URL
	}
	if in.Source != nil {
		a.Source = *in.Source
	}
	if in.Published != nil {
		a.Published = *in.Published
	}
	return nil
}
