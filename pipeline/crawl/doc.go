// Package crawl fetches news sites politely and incrementally and hands
// every new or changed article to the pipeline as a pipeline.Page.
//
// A Source (from the config) names a site's feeds, sitemaps and listing
// pages; Crawler.Run crawls it once, obeying robots.txt and Crawl-delay,
// following redirects and rel=canonical, skipping non-HTML and oversized
// responses, retrying 429/503 after Retry-After, and recording per URL in
// a StateStore what it fetched, so that the next run asks only for what
// is new (conditional GET for feeds and re-checks). Scheduler runs enabled
// sources on their schedules with a cross-process lock per source.
//
// It is the one package that imports colly (as the HTTP fetcher) and
// goquery (link extraction); canon canonicalizes URLs and feed parses RSS,
// Atom and sitemaps.
package crawl
