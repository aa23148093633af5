//go:build tools

// Package deps pins the project's dependencies while packages are being
// written in parallel; removed once every dependency is imported for real.
package deps

import (
	_ "codeberg.org/readeck/go-readability/v2"
	_ "github.com/PuerkitoBio/goquery"
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/gocolly/colly/v2"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/nats-io/nats-server/v2/server"
	_ "github.com/nats-io/nats.go"
	_ "github.com/nats-io/nats.go/jetstream"
	_ "github.com/robfig/cron/v3"
	_ "github.com/schollz/progressbar/v3"
	_ "golang.org/x/net/html/charset"
	_ "golang.org/x/text/encoding/charmap"
	_ "gopkg.in/yaml.v3"
)
