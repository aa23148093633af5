package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
)

// StableID is the article id of a canonical URL: the same URL always gives
// the same id, across runs, processes and machines.
func StableID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:16])
}

// ContentID is the article id of a document without a URL (an imported
// file): the same bytes always give the same id.
func ContentID(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}
