// Package ties finds pairs of places an article presents as cooperating,
// trading, visiting, signing or twinned, where at least one side is a
// region.
package ties

import (
	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/pipeline"
)

// Find returns the ties in s (not implemented yet).
func Find(s, lang string, places []extractors.Place, officials []pipeline.Official) []pipeline.Tie {
	return nil
}
