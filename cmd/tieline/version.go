package main

import (
	"runtime/debug"

	"github.com/tieline/tieline/extractors/article"
)

// version is the module version and extractor version of this binary.
func version() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return v + " extractor " + article.Version
}
