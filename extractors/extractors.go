// Package extractors holds the types shared by tieline's taggers. Each tagger
// lives in its own sub-package, is pure (no I/O, no NATS) and works on the
// cleaned article text. Taggers report byte offsets into the text they were
// given; the article assembly converts them to character offsets once.
package extractors

// Place is one mention of a country or a first-level region in a text, after
// disambiguation: what the words refer to, not what they could refer to.
type Place struct {
	Code     string // ISO 3166-1 alpha-2 ("BY") or ISO 3166-2 ("RU-PER")
	Country  string // ISO 3166-1 of the place (equal to Code for countries)
	IsRegion bool   // true for ISO 3166-2 subdivisions
	Name     string // canonical English name ("Perm Krai", "Belarus")
	Form     string // how it was named: "name", "alias", "adjective", "demonym", "coordinated"
	Text     string // the words as written
	Start    int    // byte offset of the first byte
	End      int    // byte offset after the last byte
}
