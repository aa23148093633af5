package index

import (
	"bytes"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// TextAnalyzer is the name of the analyzer used for titles, texts and
// entity names. It stems each word by its script (Cyrillic words with the
// Russian Snowball stemmer and stop list, other words with the English
// Porter stemmer and stop list), so that one query analysis fits documents
// of either language and Russian articles quoting English names, and a
// query needs no language.
const TextAnalyzer = "tieline_text"

// scriptFilterName is the token filter that dispatches words by script.
const scriptFilterName = "tieline_script_stem"

func init() {
	// Registered once per process; bleve panics on duplicate names only
	// if another package registers the same name.
	if err := registry.RegisterTokenFilter(scriptFilterName, scriptFilterConstructor); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(TextAnalyzer, textAnalyzerConstructor); err != nil {
		panic(err)
	}
}

// scriptFilter applies the Russian chain to Cyrillic tokens and the English
// chain to the others.
type scriptFilter struct {
	ruStop, ruStem analysis.TokenFilter
	enStop, enStem analysis.TokenFilter
}

func scriptFilterConstructor(_ map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
	var f scriptFilter
	var err error
	if f.ruStop, err = cache.TokenFilterNamed(ru.StopName); err != nil {
		return nil, err
	}
	if f.ruStem, err = cache.TokenFilterNamed(ru.SnowballStemmerName); err != nil {
		return nil, err
	}
	if f.enStop, err = cache.TokenFilterNamed(en.StopName); err != nil {
		return nil, err
	}
	if f.enStem, err = cache.TokenFilterNamed(porter.Name); err != nil {
		return nil, err
	}
	return &f, nil
}

// Filter keeps token positions, so phrase queries still work across the
// two chains.
func (f *scriptFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	one := make(analysis.TokenStream, 1)
	for _, tok := range in {
		one = one[:1]
		one[0] = tok
		if isCyrillic(tok.Term) {
			// ё and е are used interchangeably in news copy.
			tok.Term = bytes.ReplaceAll(tok.Term, []byte("ё"), []byte("е"))
			one = f.ruStem.Filter(f.ruStop.Filter(one))
		} else {
			one = f.enStem.Filter(f.enStop.Filter(one))
		}
		out = append(out, one...)
	}
	return out
}

// isCyrillic reports whether the word has any Cyrillic letter.
func isCyrillic(term []byte) bool {
	for _, r := range string(term) {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func textAnalyzerConstructor(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, err
	}
	poss, err := cache.TokenFilterNamed(en.PossessiveName)
	if err != nil {
		return nil, err
	}
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	script, err := cache.TokenFilterNamed(scriptFilterName)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{
		Tokenizer:    tok,
		TokenFilters: []analysis.TokenFilter{poss, lower, script},
	}, nil
}
