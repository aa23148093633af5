package content

import (
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// mainContent finds the node holding an article's body. Implementations
// must not keep state between calls (Extract is used concurrently) and may
// not modify doc.
type mainContent interface {
	extract(doc *html.Node, pageURL *url.URL) (*html.Node, error)
}

// trafilaturaEngine is go-trafilatura without its metadata and date
// search (metadata is read by this package), favouring precision so that
// link lists stay out.
type trafilaturaEngine struct{ fallback bool }

func (e trafilaturaEngine) extract(doc *html.Node, pageURL *url.URL) (*html.Node, error) {
	opts := trafilatura.Options{
		OriginalURL:     pageURL,
		ExcludeComments: true,
		EnableFallback:  e.fallback,
		Deduplicate:     false,
		HtmlDateMode:    trafilatura.Disabled,
		Focus:           trafilatura.Balanced,
	}
	r, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return nil, err
	}
	return r.ContentNode, nil
}

// readabilityEngine is go-readability (the Readability.js port).
type readabilityEngine struct{}

func (readabilityEngine) extract(doc *html.Node, pageURL *url.URL) (*html.Node, error) {
	p := readability.NewParser()
	a, err := p.ParseDocument(doc, pageURL)
	if err != nil {
		return nil, err
	}
	return a.Node, nil
}
