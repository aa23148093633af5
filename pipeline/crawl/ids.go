package crawl

import (
	"crypto/sha256"
	"encoding/hex"
)

// StableID is the article id of a canonical URL: the first 16 bytes of its
// SHA-256, in hex (32 characters). Stable across runs and processes.
func StableID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:16])
}

// ContentID is the id of a document without a URL (an imported file) and
// the content hash stored in crawl state: the first 16 bytes of the body's
// SHA-256, in hex.
func ContentID(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}
