package crawl

import "github.com/tieline/tieline/pipeline"

// StableID is the article id of a canonical URL (pipeline.StableID).
func StableID(canonicalURL string) string { return pipeline.StableID(canonicalURL) }

// ContentID is the id of a document without a URL and the content hash
// stored in crawl state (pipeline.ContentID).
func ContentID(body []byte) string { return pipeline.ContentID(body) }
