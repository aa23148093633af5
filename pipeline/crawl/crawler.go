package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/tieline/tieline/pipeline"
	"github.com/tieline/tieline/pipeline/crawl/canon"
	"github.com/tieline/tieline/pipeline/crawl/feed"
)

// Publisher hands a fetched page to the pipeline. Publish returns once the
// broker acknowledged the message; only then is the URL recorded as done.
type Publisher interface {
	Publish(ctx context.Context, p pipeline.Page) error
}

// Archiver stores raw responses (the lead plugs in the WARC writer).
type Archiver interface {
	Archive(url string, fetched time.Time, status int, header http.Header, body []byte) error
}

// Crawler runs crawls of sources. The zero value is not usable: set
// Publisher and State; the rest is optional.
type Crawler struct {
	Publisher Publisher
	State     StateStore
	Settings  Settings     // crawl-wide defaults sources inherit
	Archiver  Archiver     // nil: no raw archive
	Metrics   *Metrics     // nil: not recorded
	Logger    *slog.Logger // nil: slog.Default()
	// Transport replaces the HTTP transport (tests, proxies); nil uses a
	// pooled clone of http.DefaultTransport.
	Transport http.RoundTripper

	hostsMu sync.Mutex
	hosts   map[string]*host // politeness per scheme://host, across runs
}

// hostFor returns the shared politeness state of a host, raising its
// delay to this source's when larger.
func (c *Crawler) hostFor(key string, parallelism int, delay time.Duration) *host {
	c.hostsMu.Lock()
	defer c.hostsMu.Unlock()
	if c.hosts == nil {
		c.hosts = map[string]*host{}
	}
	h, ok := c.hosts[key]
	if !ok {
		h = newHost(key, parallelism, delay)
		c.hosts[key] = h
	}
	h.setCrawlDelay(delay)
	return h
}

// ErrInvalidSource is returned (wrapped, with the field errors) by Run for
// a source that fails Validate.
var ErrInvalidSource = errors.New("invalid source")

type itemKind string

const (
	kindArticle itemKind = "article"
	kindListing itemKind = "listing"
	kindFeed    itemKind = "feed"
	kindSitemap itemKind = "sitemap"
	kindRobots  itemKind = "robots"
)

// item is one URL to process.
type item struct {
	url   string // canonical
	kind  itemKind
	depth int
	hint  time.Time // feed/sitemap date: re-check a known article when later than its last fetch
	state *URLState // looked up already (listing pages look up their links)
	seed  bool
	chain *chain // listing pages: the pagination chain this page is on
	hops  int    // listing pages: pages before this one in its chain
}

// run is the state of one Crawler.Run.
type run struct {
	c        *Crawler
	src      Source
	set      Settings
	log      *slog.Logger
	f        *fetcher
	allow    []*regexp.Regexp
	deny     []*regexp.Regexp
	skip     []*regexp.Regexp
	agent    string
	cancel   context.CancelFunc
	robotsMu sync.Mutex
	robots   map[string]*robots // robots.txt per scheme://host, this run
	mu       sync.Mutex
	cond     *sync.Cond
	queue    []item
	pending  int
	stopped  bool
	seen     map[string]bool
	tooDeep  map[string]bool      // listing links beyond max_depth, counted once
	hints    map[string]time.Time // feed/sitemap date of article URLs seen in this run
	isNew    map[string]bool      // article URL -> new in this run (not done in an earlier one)
	claimed  map[string]bool      // final article URLs handled in this run
	pages    int
	stats    Stats
	capped   bool  // max_pages reached: some work was left undone
	failures int   // article fetch errors: listing validators are not saved
	fatal    error // publish failure: the run stops
	deferred []URLState
}

// Run crawls src once: robots.txt, feeds, sitemaps and listing pages, then
// every new (or, per the re-check policy, possibly changed) article, which
// is published and recorded in the StateStore. It returns the run's Stats;
// the error is non-nil for an invalid source, a failed Publish or a
// StateStore failure (the run stops), or a cancelled ctx.
func (c *Crawler) Run(ctx context.Context, src Source) (Stats, error) {
	if c.Publisher == nil || c.State == nil {
		return Stats{}, errors.New("crawler needs a Publisher and a State")
	}
	if errs := src.Validate(); len(errs) > 0 {
		return Stats{}, fmt.Errorf("source %q: %w: %w", src.Name, ErrInvalidSource, errors.Join(fieldErrors(errs)...))
	}
	r, ctx, err := c.newRun(ctx, src)
	if err != nil {
		return Stats{}, err
	}
	defer r.cancel()
	start := time.Now()
	for _, u := range r.src.Sitemaps {
		r.seed(u, kindSitemap)
	}
	for _, u := range r.src.Feeds {
		r.seed(u, kindFeed)
	}
	for _, u := range r.src.StartURLs {
		r.seed(u, kindListing)
	}
	r.work(ctx)

	if r.fatal == nil && ctx.Err() == nil {
		r.saveHints(ctx, start)
	}
	if r.fatal == nil && ctx.Err() == nil && !r.capped && r.failures == 0 {
		// Feed validators are saved only when everything they led to was
		// handled: a 304 next run must not hide an article left undone.
		for _, st := range r.deferred {
			if err := c.State.Put(ctx, URLKey(st.URL), st); err != nil {
				r.fatal = fmt.Errorf("saving state of %s: %w", st.URL, err)
				break
			}
		}
	}
	stats := r.stats.clone()
	stats.Duration = time.Since(start)
	if c.Metrics != nil {
		c.Metrics.Add(src.Name, stats)
	}
	r.log.Info("crawl run", "source", src.Name, "requests", stats.Requests, "new", stats.New,
		"changed", stats.Changed, "unchanged", stats.Unchanged, "known", stats.Known, "gone", stats.Gone,
		"errors", stats.Errors, "skipped_robots", stats.SkippedRobots, "skipped_type", stats.SkippedType,
		"skipped_size", stats.SkippedSize, "skipped_pattern", stats.SkippedPattern, "skipped_limit", stats.SkippedLimit,
		"bytes", stats.Bytes, "duration", stats.Duration.Round(time.Millisecond))
	switch {
	case r.fatal != nil:
		return stats, r.fatal
	case ctx.Err() != nil:
		return stats, fmt.Errorf("crawling %s: %w", src.Name, ctx.Err())
	}
	return stats, nil
}

// saveHints stamps articles fetched in this run with the feed or sitemap
// date they were listed with, which the next run compares its dates to.
// Articles not fetched now keep their old date, so a move they missed
// still triggers a re-check.
func (r *run) saveHints(ctx context.Context, start time.Time) {
	for u, hint := range r.hints {
		st, ok := r.getState(ctx, u)
		if ctx.Err() != nil || r.fatal != nil {
			return
		}
		if ok && st.FinalURL != "" {
			if st, ok = r.getState(ctx, st.FinalURL); ctx.Err() != nil {
				return
			}
		}
		if !ok || st.Version == 0 || st.LastFetch.Before(start) || st.Hint.Equal(hint) {
			continue
		}
		st.Hint = hint
		if !r.putState(ctx, st) {
			return
		}
	}
}

func fieldErrors(fe []FieldError) []error {
	out := make([]error, len(fe))
	for i, e := range fe {
		out[i] = e
	}
	return out
}

func (c *Crawler) newRun(ctx context.Context, src Source) (*run, context.Context, error) {
	set := c.Settings.withDefaults()
	src = src.WithDefaults(set)
	log := c.Logger
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &run{
		c: c, src: src, set: set, cancel: cancel,
		log:     log.With("source", src.Name),
		agent:   robotsAgent(src.UserAgent),
		robots:  map[string]*robots{},
		seen:    map[string]bool{},
		tooDeep: map[string]bool{},
		hints:   map[string]time.Time{},
		isNew:   map[string]bool{},
		claimed: map[string]bool{},
		stats:   Stats{Status: map[int]int{}},
	}
	r.cond = sync.NewCond(&r.mu)
	var err error
	if r.allow, err = compileAll(src.Articles.Allow); err == nil {
		if r.deny, err = compileAll(src.Articles.Deny); err == nil {
			r.skip, err = compileAll(src.Skip)
		}
	}
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("source %q: %w", src.Name, err)
	}
	r.skip = append(r.skip, builtinTraps...)
	r.f = newFetcher(ctx, src.UserAgent, src.Timeout, int64(src.MaxBody), c.Transport, func(req *http.Request) error {
		return c.hostFor(politenessKey(req.URL), src.Politeness.Parallelism, src.Politeness.Delay).gate(req.Context())
	})
	go func() {
		<-ctx.Done()
		r.mu.Lock()
		r.stopped = true
		r.cond.Broadcast()
		r.mu.Unlock()
	}()
	return r, ctx, nil
}

func compileAll(ps []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(ps))
	for _, p := range ps {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("compiling %q: %w", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// seed queues a configured URL; seeds bypass the skip patterns.
func (r *run) seed(raw string, kind itemKind) {
	u, err := canon.Canonicalize(raw)
	if err != nil {
		r.log.Warn("bad seed url", "url", raw, "err", err)
		return
	}
	r.enqueue(item{url: u, kind: kind, seed: true})
}

// enqueue adds it unless its URL was queued before in this run or a
// pattern rules it out.
func (r *run) enqueue(it item) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[it.url] || r.stopped {
		return
	}
	r.seen[it.url] = true
	if !it.seed {
		switch {
		case !r.allowedHost(it.url):
			r.stats.SkippedPattern++
			return
		case (it.kind == kindArticle || it.kind == kindListing) && isBinaryURL(it.url):
			r.stats.SkippedType++
			return
		case matchAny(r.skip, it.url):
			r.stats.SkippedPattern++
			return
		}
	}
	r.queue = append(r.queue, it)
	r.pending++
	r.cond.Signal()
}

// matchAny reports whether a pattern matches the URL as canonicalized
// (percent-encoded) or decoded, so configs can spell /ru/новости/.
func matchAny(res []*regexp.Regexp, s string) bool {
	dec := ""
	if strings.Contains(s, "%") {
		if d, err := url.PathUnescape(s); err == nil {
			dec = d
		}
	}
	for _, re := range res {
		if re.MatchString(s) || dec != "" && re.MatchString(dec) {
			return true
		}
	}
	return false
}

// allowedHost reports whether u is on an allowed domain or a subdomain of one.
func (r *run) allowedHost(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	h := strings.ToLower(p.Hostname())
	for _, d := range r.src.AllowedDomains {
		d = strings.ToLower(strings.TrimPrefix(d, "."))
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// isArticle decides whether u is an article. Feed and sitemap entries are
// articles unless patterns say otherwise; listing links need an allow
// pattern or, without one, must look like an article.
func (r *run) isArticle(u string, fromFeed bool) bool {
	if matchAny(r.deny, u) {
		return false
	}
	if len(r.allow) > 0 {
		return matchAny(r.allow, u)
	}
	return fromFeed || looksLikeArticle(u)
}

// work runs the workers until the queue is drained or ctx is done.
func (r *run) work(ctx context.Context) {
	n := r.src.Politeness.Parallelism * max(1, len(r.src.AllowedDomains))
	n = min(max(n, 1), 64)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				it, ok := r.next()
				if !ok {
					return
				}
				r.process(ctx, it)
				r.mu.Lock()
				r.pending--
				if r.pending == 0 {
					r.cond.Broadcast()
				}
				r.mu.Unlock()
			}
		})
	}
	wg.Wait()
}

func (r *run) next() (item, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 && r.pending > 0 && !r.stopped {
		r.cond.Wait()
	}
	if len(r.queue) == 0 || r.stopped {
		return item{}, false
	}
	it := r.queue[0]
	r.queue = r.queue[1:]
	return it, true
}

func (r *run) count(f func(s *Stats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}

// stop ends the run after a failure that makes going on pointless.
func (r *run) stop(err error) {
	r.mu.Lock()
	if r.fatal == nil {
		r.fatal = err
	}
	r.mu.Unlock()
	r.cancel()
}

func (r *run) process(ctx context.Context, it item) {
	switch it.kind {
	case kindArticle:
		r.article(ctx, it)
	case kindListing:
		r.listing(ctx, it)
	case kindFeed, kindSitemap:
		r.feed(ctx, it)
	}
}

// getState reads a URL's state; a store failure stops the run.
func (r *run) getState(ctx context.Context, u string) (URLState, bool) {
	st, ok, err := r.c.State.Get(ctx, URLKey(u))
	if err != nil {
		r.stop(fmt.Errorf("reading state of %s: %w", u, err))
		return URLState{}, false
	}
	return st, ok
}

func (r *run) putState(ctx context.Context, st URLState) bool {
	if err := r.c.State.Put(ctx, URLKey(st.URL), st); err != nil {
		r.stop(fmt.Errorf("saving state of %s: %w", st.URL, err))
		return false
	}
	return true
}

// conditional returns If-None-Match / If-Modified-Since headers for st.
func conditional(st URLState, ok bool) http.Header {
	h := http.Header{}
	if !ok {
		return h
	}
	if st.ETag != "" {
		h.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		h.Set("If-Modified-Since", st.LastModified)
	}
	return h
}

// recheck reports whether a known article is fetched again.
func (r *run) recheck(st URLState, hint time.Time) bool {
	if st.Gone() {
		return false
	}
	if !hint.IsZero() {
		if !st.Hint.IsZero() && hint.After(st.Hint) || st.Hint.IsZero() && hint.After(st.LastFetch) {
			return true
		}
	}
	return r.src.RecheckAfter > 0 && time.Since(st.LastFetch) >= r.src.RecheckAfter
}

func (r *run) article(ctx context.Context, it item) {
	u := it.url
	var st URLState
	var ok bool
	if it.state != nil {
		st, ok = *it.state, true
	} else if st, ok = r.getState(ctx, u); ctx.Err() != nil {
		return
	}
	if ok && st.FinalURL != "" && st.FinalURL != u {
		// A redirect or rel=canonical alias: work on the real article.
		u = st.FinalURL
		if st, ok = r.getState(ctx, u); ctx.Err() != nil {
			return
		}
	}
	if ok && st.Done() && !r.recheck(st, it.hint) {
		r.count(func(s *Stats) { s.Known++ })
		return
	}
	if !ok {
		st = URLState{URL: u, Kind: string(kindArticle)}
	}
	hdr := http.Header{}
	if st.Version > 0 {
		hdr = conditional(st, true)
	}
	out := r.get(ctx, u, kindArticle, hdr)
	r.articleResponse(ctx, it.url, u, st, out)
}

// articleResponse handles the response to an article request: u is the
// URL asked for (origURL the link that led to it), st its state.
func (r *run) articleResponse(ctx context.Context, origURL, u string, st URLState, out outcome) {
	now := time.Now().UTC()
	switch {
	case out.skip == "type" || out.skip == "size":
		st.Skipped, st.Status, st.LastFetch = out.skip, out.res.Status, now
		r.putState(ctx, st)
		return
	case out.skipped():
		return
	case out.res.Err != nil:
		r.count(func(s *Stats) { s.Errors++ })
		r.mu.Lock()
		r.failures++
		r.mu.Unlock()
		r.log.Warn("fetch failed", "url", u, "err", out.res.Err, "timeout", isTimeout(out.res.Err))
		return
	case out.res.Status == http.StatusNotModified:
		r.count(func(s *Stats) { s.Unchanged++ })
		st.LastFetch, st.Error = now, ""
		r.putState(ctx, st)
		return
	case out.res.Status == http.StatusNotFound || out.res.Status == http.StatusGone:
		r.count(func(s *Stats) { s.Gone++ })
		st.Status, st.LastFetch = out.res.Status, now
		r.putState(ctx, st)
		return
	case out.res.Status != http.StatusOK:
		r.count(func(s *Stats) { s.Errors++ })
		r.mu.Lock()
		r.failures++
		r.mu.Unlock()
		r.log.Warn("unexpected status", "url", out.url, "status", out.res.Status)
		return
	}

	final := out.url
	ct := out.res.Header.Get("Content-Type")
	info, err := parseHTML(out.res.Body, ct, final)
	if err == nil && info.Canonical != "" && info.Canonical != final && r.allowedHost(info.Canonical) && r.isArticle(info.Canonical, false) {
		final = info.Canonical
	}
	aliases := []string{}
	for _, a := range []string{origURL, u, out.url} {
		if a != final && !contains(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	r.mu.Lock()
	dup := r.claimed[final]
	r.claimed[final] = true
	r.mu.Unlock()
	if dup {
		// Another link of this run led to the same article.
		r.count(func(s *Stats) { s.Known++ })
		r.saveAliases(ctx, aliases, final, now)
		return
	}
	fst := st
	if final != u {
		var fok bool
		if fst, fok = r.getState(ctx, final); ctx.Err() != nil {
			return
		}
		if !fok {
			fst = URLState{URL: final, Kind: string(kindArticle)}
		}
	}
	fst.URL, fst.Kind, fst.FinalURL = final, string(kindArticle), ""
	fst.Status, fst.LastFetch, fst.Error = http.StatusOK, now, ""
	fst.ETag, fst.LastModified = out.res.Header.Get("ETag"), out.res.Header.Get("Last-Modified")
	hash := ContentID(out.res.Body)
	if fst.Version > 0 && fst.Hash == hash {
		r.count(func(s *Stats) { s.Unchanged++ })
		if r.putState(ctx, fst) {
			r.saveAliases(ctx, aliases, final, now)
		}
		return
	}
	page := pipeline.Page{
		ID:          StableID(final),
		URL:         final,
		Source:      r.src.Name,
		Agency:      r.src.Agency,
		Language:    r.src.Language,
		ContentType: withCharset(ct, info.Charset),
		Header:      selectHeaders(out.res.Header),
		FetchedAt:   now,
		Version:     fst.Version + 1,
		Body:        out.res.Body,
		Selectors:   r.src.Selectors,
	}
	if err := r.c.Publisher.Publish(ctx, page); err != nil {
		r.count(func(s *Stats) { s.Errors++ })
		r.stop(fmt.Errorf("publishing %s: %w", final, err))
		return
	}
	changed := fst.Version > 0
	fst.Version, fst.Hash = page.Version, hash
	if !r.putState(ctx, fst) {
		return
	}
	r.saveAliases(ctx, aliases, final, now)
	r.count(func(s *Stats) {
		if changed {
			s.Changed++
		} else {
			s.New++
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// saveAliases records URLs that led to final, so later runs skip them
// without a request.
func (r *run) saveAliases(ctx context.Context, aliases []string, final string, now time.Time) {
	for _, a := range aliases {
		if !r.putState(ctx, URLState{URL: a, Kind: string(kindArticle), FinalURL: final, Status: http.StatusOK, LastFetch: now}) {
			return
		}
	}
}

// selectHeaders keeps the response headers later stages may use.
func selectHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"ETag", "Last-Modified", "Content-Language", "Date"} {
		if v := h.Get(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// listing fetches a listing page and queues its article links and, while
// it still yields new articles, its other links (pagination, sections).
//
// Listings are fetched without validators: they are the frontier, a
// section front that answers 304 would hide its changed sub-pages, and the
// "no new articles" rule already keeps repeat runs short.
func (r *run) listing(ctx context.Context, it item) {
	st, ok := r.getState(ctx, it.url)
	switch {
	case ctx.Err() != nil:
		return
	case ok && st.FinalURL != "":
		// A link that redirected to an article in an earlier run.
		r.queueArticle(ctx, st.FinalURL, time.Time{})
		return
	case ok && st.Skipped != "" && !it.seed:
		r.count(func(s *Stats) { s.Known++ })
		return
	}
	out := r.get(ctx, it.url, kindListing, nil)
	if out.skip == "type" || out.skip == "size" {
		r.putState(ctx, URLState{URL: it.url, Kind: string(kindListing), Skipped: out.skip, Status: out.res.Status, LastFetch: time.Now().UTC()})
		return
	}
	if out.url != it.url && out.res.Status == http.StatusOK && r.isArticle(out.url, false) {
		// A short link or moved page that lands on an article.
		ast, aok := r.getState(ctx, out.url)
		if ctx.Err() != nil {
			return
		}
		if !aok {
			ast = URLState{URL: out.url, Kind: string(kindArticle)}
		}
		r.mu.Lock()
		r.seen[out.url] = true
		r.mu.Unlock()
		r.articleResponse(ctx, it.url, out.url, ast, out)
		return
	}
	if !r.listingOK(out) {
		return
	}
	info, err := parseHTML(out.res.Body, out.res.Header.Get("Content-Type"), out.url)
	if err != nil {
		r.count(func(s *Stats) { s.Errors++ })
		r.log.Warn("parsing listing", "url", out.url, "err", err)
		return
	}
	r.count(func(s *Stats) { s.Listings++ })
	var articles, others, pages []string
	for _, l := range info.Links {
		switch {
		case r.isArticle(l.URL, false):
			articles = append(articles, l.URL)
		case info.NoFollow || l.Rel == "nofollow":
		case isPagination(out.url, l):
			pages = append(pages, l.URL)
		default:
			others = append(others, l.URL)
		}
	}
	fresh := 0
	for _, a := range articles {
		if r.queueArticle(ctx, a, time.Time{}) {
			fresh++
		}
	}
	ch := it.chain
	if ch == nil {
		ch = &chain{}
	}
	chainNew := ch.add(articles)
	if len(articles) > 0 && fresh == 0 {
		// Incremental crawl: a page of known articles ends the pagination.
		r.log.Debug("no new articles on listing, not following", "url", out.url)
		return
	}
	if chainNew > 0 && it.hops < maxChainPages {
		// Next pages of a listing are not a level deeper: an archive of
		// a hundred pages is as close to the front as its first page.
		for _, p := range pages {
			r.enqueue(item{url: p, kind: kindListing, depth: it.depth, chain: ch, hops: it.hops + 1})
		}
	} else if len(pages) > 0 {
		r.log.Debug("listing page shows nothing new, not paginating", "url", out.url)
	}
	for _, o := range others {
		r.queueListing(o, it.depth+1)
	}
}

func (r *run) listingOK(out outcome) bool {
	switch {
	case out.skipped():
		return false
	case out.res.Err != nil:
		r.count(func(s *Stats) { s.Errors++ })
		r.log.Warn("fetch failed", "url", out.url, "err", out.res.Err)
		return false
	case out.res.Status == http.StatusNotModified:
		return false
	case out.res.Status == http.StatusNotFound || out.res.Status == http.StatusGone:
		r.count(func(s *Stats) { s.Gone++ })
		return false
	case out.res.Status != http.StatusOK:
		r.count(func(s *Stats) { s.Errors++ })
		r.log.Warn("unexpected status", "url", out.url, "status", out.res.Status)
		return false
	}
	return true
}

// queueListing queues a non-article link within the depth limit.
func (r *run) queueListing(u string, depth int) {
	if depth > r.src.MaxDepth {
		// Not marked seen: the same URL may come up again as the next
		// page of a listing, which is no deeper.
		r.mu.Lock()
		if !r.seen[u] && !r.tooDeep[u] {
			r.tooDeep[u] = true
			r.stats.SkippedLimit++
		}
		r.mu.Unlock()
		return
	}
	r.enqueue(item{url: u, kind: kindListing, depth: depth})
}

// queueArticle queues an article link and reports whether it is new: not
// done in an earlier run. The verdict is kept for the run, so the same
// link on a later page counts as new again and the pagination goes on.
func (r *run) queueArticle(ctx context.Context, u string, hint time.Time) bool {
	r.mu.Lock()
	if hint.After(r.hints[u]) {
		r.hints[u] = hint
	}
	isNew, known := r.isNew[u]
	r.mu.Unlock()
	if known {
		return isNew
	}
	st, ok := r.getState(ctx, u)
	if ctx.Err() != nil {
		return false
	}
	isNew = !ok || !st.Done()
	r.mu.Lock()
	r.isNew[u] = isNew
	r.mu.Unlock()
	it := item{url: u, kind: kindArticle, hint: hint}
	if ok {
		it.state = &st
	}
	r.enqueue(it)
	return isNew
}

// deferState keeps a feed's validators to save at the end of the run.
func (r *run) deferState(u string, kind itemKind, out outcome) {
	st := URLState{URL: u, Kind: string(kind), Status: out.res.Status, LastFetch: time.Now().UTC(),
		ETag: out.res.Header.Get("ETag"), LastModified: out.res.Header.Get("Last-Modified")}
	if st.ETag == "" && st.LastModified == "" {
		return
	}
	r.mu.Lock()
	r.deferred = append(r.deferred, st)
	r.mu.Unlock()
}

// feed fetches a feed or sitemap and queues its entries.
func (r *run) feed(ctx context.Context, it item) {
	st, ok := r.getState(ctx, it.url)
	if ctx.Err() != nil {
		return
	}
	out := r.get(ctx, it.url, it.kind, conditional(st, ok))
	if !r.listingOK(out) {
		return
	}
	doc, err := feed.Parse(out.res.Body)
	if err != nil {
		r.count(func(s *Stats) { s.Errors++ })
		r.log.Warn("parsing feed", "url", out.url, "err", err)
		return
	}
	r.count(func(s *Stats) { s.Listings++ })
	base, _ := url.Parse(out.url)
	for _, e := range doc.Entries {
		u, ok := canon.Resolve(base, e.URL)
		if !ok {
			continue
		}
		if doc.Kind == feed.SitemapIndex {
			if it.depth+1 > 3 {
				r.count(func(s *Stats) { s.SkippedLimit++ })
				continue
			}
			r.enqueue(item{url: u, kind: kindSitemap, depth: it.depth + 1})
			continue
		}
		if !r.isArticle(u, true) {
			r.mu.Lock()
			if !r.seen[u] {
				r.seen[u] = true
				r.stats.SkippedPattern++
			}
			r.mu.Unlock()
			continue
		}
		r.queueArticle(ctx, u, e.Latest())
	}
	if doc.Kind != feed.SitemapIndex {
		// An index rarely changes when its children do: always walk it,
		// and let the children answer 304.
		r.deferState(it.url, it.kind, out)
	}
}

// outcome is the result of get: the response of the last hop and its URL.
type outcome struct {
	url  string
	res  fetchResult
	skip string // "robots", "pattern", "limit", "type", "size", "redirects": nothing usable
}

func (o outcome) skipped() bool { return o.skip != "" }

// get fetches u following redirects (each hop checked against domains,
// patterns and robots.txt), with politeness and retries.
func (r *run) get(ctx context.Context, u string, kind itemKind, hdr http.Header) outcome {
	for hop := 0; ; hop++ {
		if hop > 0 {
			switch {
			case !r.allowedHost(u), matchAny(r.skip, u):
				r.count(func(s *Stats) { s.SkippedPattern++ })
				return outcome{url: u, skip: "pattern"}
			}
		}
		h, rb, err := r.host(ctx, u)
		if err != nil {
			return outcome{url: u, res: fetchResult{Err: err}}
		}
		if !rb.allowed(pathQuery(u)) {
			r.count(func(s *Stats) { s.SkippedRobots++ })
			r.log.Debug("disallowed by robots.txt", "url", u)
			return outcome{url: u, skip: "robots"}
		}
		res, skip := r.fetchRetry(ctx, h, u, kind, hdr)
		if skip != "" {
			return outcome{url: u, res: res, skip: skip}
		}
		if isRedirect(res.Status) {
			loc := res.Header.Get("Location")
			base, _ := url.Parse(u)
			next, ok := canon.Resolve(base, loc)
			if !ok || next == u || hop >= r.set.MaxRedirects {
				r.count(func(s *Stats) { s.Errors++ })
				r.log.Warn("bad redirect", "url", u, "location", loc, "hops", hop+1)
				return outcome{url: u, res: res, skip: "redirects"}
			}
			u = next
			continue
		}
		return outcome{url: u, res: res}
	}
}

func pathQuery(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "/"
	}
	return p.RequestURI()
}

// host returns the politeness state and robots.txt of u's host,
// fetching robots.txt on first use in the run.
func (r *run) host(ctx context.Context, u string) (*host, *robots, error) {
	p, err := url.Parse(u)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing %s: %w", u, err)
	}
	key := p.Scheme + "://" + p.Host
	h := r.c.hostFor(politenessKey(p), r.src.Politeness.Parallelism, r.src.Politeness.Delay)
	r.robotsMu.Lock()
	rb, ok := r.robots[key]
	if !ok {
		rb = &robots{}
		r.robots[key] = rb
	}
	r.robotsMu.Unlock()
	rb.once.Do(func() { r.loadRobots(ctx, h, rb, key+"/robots.txt") })
	return h, rb, nil
}

// politenessKey names the server behind u: http and https, and the bare
// and www. names of a site, are one server to be polite to.
func politenessKey(u *url.URL) string {
	k := siteDomain(u.Hostname())
	if p := u.Port(); p != "" {
		k += ":" + p
	}
	return k
}

// robotsOf returns the robots.txt loaded in this run for u's scheme and
// host, or nil.
func (r *run) robotsOf(u *url.URL) *robots {
	r.robotsMu.Lock()
	defer r.robotsMu.Unlock()
	return r.robots[u.Scheme+"://"+u.Host]
}

// loadRobots fetches and applies robots.txt (RFC 9309: 4xx means no
// rules, 5xx or unreachable means disallow all for this run).
func (r *run) loadRobots(ctx context.Context, h *host, rb *robots, robotsURL string) {
	res, _ := r.fetchRetry(ctx, h, robotsURL, kindRobots, nil)
	// RFC 9309 2.3.1.2: follow at least five redirects (http -> https,
	// bare -> www); the target's politeness applies to each hop.
	for hop, u := 0, robotsURL; hop < 5 && res.Err == nil && res.Skip == "" && isRedirect(res.Status); hop++ {
		base, _ := url.Parse(u)
		next, ok := canon.Resolve(base, res.Header.Get("Location"))
		if !ok || next == u {
			break
		}
		u = next
		nh := h
		if p, err := url.Parse(u); err == nil {
			nh = r.c.hostFor(politenessKey(p), r.src.Politeness.Parallelism, r.src.Politeness.Delay)
		}
		res, _ = r.fetchRetry(ctx, nh, u, kindRobots, nil)
	}
	status := res.Status
	switch {
	case res.Err != nil || res.Skip != "":
		status = http.StatusServiceUnavailable
	case isRedirect(status):
		// Too many redirects: RFC 9309 says treat as unavailable (4xx).
		status = http.StatusNotFound
	}
	data, err := robotstxt.FromStatusAndBytes(status, res.Body)
	if err != nil {
		r.log.Warn("parsing robots.txt", "url", robotsURL, "status", status, "err", err)
		// An unexpected status (1xx, 3xx without Location): no rules.
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	rb.data = data
	rb.group = data.FindGroup(r.agent)
	if status >= 500 {
		// FindGroup ignores the "disallow all" of a 5xx robots.txt.
		rb.disallowAll = true
		r.log.Info("robots.txt unavailable, host disallowed for this run", "url", robotsURL, "status", res.Status, "err", res.Err)
	}
	if rb.group != nil && rb.group.CrawlDelay > 0 {
		d := min(rb.group.CrawlDelay, r.set.MaxCrawlDelay)
		h.setCrawlDelay(d)
		r.log.Debug("crawl-delay", "host", h.name, "delay", d)
	}
}

// fetchRetry sends one request with politeness, retrying timeouts,
// connection errors, 429/503 (after Retry-After) and other 5xx.
func (r *run) fetchRetry(ctx context.Context, h *host, u string, kind itemKind, hdr http.Header) (fetchResult, string) {
	retries := max(r.src.Retries, 0)
	for attempt := 0; ; attempt++ {
		if kind != kindRobots {
			r.mu.Lock()
			over := r.pages >= r.src.MaxPages
			if over {
				r.capped = true
				r.stats.SkippedLimit++
			} else {
				r.pages++
			}
			r.mu.Unlock()
			if over {
				return fetchResult{}, "limit"
			}
		}
		if err := h.acquire(ctx); err != nil {
			return fetchResult{Err: err}, ""
		}
		fetched := time.Now().UTC()
		res := r.f.get(u, kind, hdr)
		h.release()
		r.account(u, fetched, res)
		if ctx.Err() != nil {
			return fetchResult{Err: ctx.Err()}, ""
		}
		switch res.Skip {
		case "type":
			r.count(func(s *Stats) { s.SkippedType++ })
			r.log.Debug("skipped content type", "url", u, "content_type", res.Detail)
			return res, "type"
		case "size":
			r.count(func(s *Stats) { s.SkippedSize++ })
			r.log.Info("skipped large response", "url", u, "detail", res.Detail, "max_body", int64(r.src.MaxBody))
			return res, "size"
		}
		wait := time.Duration(0)
		switch {
		case res.Err != nil:
			wait = r.set.Backoff << attempt
		case res.Status == http.StatusTooManyRequests || res.Status == http.StatusServiceUnavailable:
			d, ok := retryAfter(res.Header.Get("Retry-After"), time.Now())
			if !ok {
				d = r.set.Backoff << attempt
			}
			if d > r.set.MaxRetryAfter {
				r.log.Warn("retry-after too long, giving up for this run", "url", u, "retry_after", d)
				return res, ""
			}
			// The server asked the whole host to slow down.
			h.pause(d)
		case res.Status == http.StatusBadGateway || res.Status == http.StatusGatewayTimeout || res.Status == http.StatusInternalServerError:
			wait = r.set.Backoff << attempt
		default:
			return res, ""
		}
		if attempt >= retries {
			return res, ""
		}
		r.count(func(s *Stats) { s.Retries++ })
		r.log.Debug("retrying", "url", u, "attempt", attempt+1, "status", res.Status, "err", res.Err)
		if err := sleepCtx(ctx, wait); err != nil {
			return fetchResult{Err: err}, ""
		}
	}
}

// account counts a response and archives it.
func (r *run) account(u string, fetched time.Time, res fetchResult) {
	r.count(func(s *Stats) {
		s.Requests++
		if res.Status > 0 {
			s.Status[res.Status]++
		}
		s.Bytes += int64(len(res.Body))
	})
	if r.c.Archiver != nil && res.Status > 0 && res.Skip == "" {
		if err := r.c.Archiver.Archive(u, fetched, res.Status, res.Header, res.Body); err != nil {
			r.log.Warn("archiving response", "url", u, "err", err)
		}
	}
}

// isRedirect reports whether status sends the client elsewhere.
func isRedirect(status int) bool {
	return status >= 300 && status < 400 && status != http.StatusNotModified
}
