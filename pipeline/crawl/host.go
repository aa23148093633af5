package crawl

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// host holds the politeness state of one host, shared by all runs of a
// Crawler (two sources on one site must not double its load): a semaphore
// for parallelism and the earliest start of the next request (delay,
// Crawl-delay and Retry-After all push it).
type host struct {
	name  string
	sem   chan struct{}
	mu    sync.Mutex
	next  time.Time
	delay time.Duration
}

// robots is a host's robots.txt as read in one run.
type robots struct {
	once  sync.Once
	data  *robotstxt.RobotsData
	group *robotstxt.Group // nil: allow all
}

func newHost(name string, parallelism int, delay time.Duration) *host {
	if parallelism < 1 {
		parallelism = 1
	}
	if delay < 0 {
		delay = 0
	}
	return &host{name: name, sem: make(chan struct{}, parallelism), delay: delay}
}

// acquire waits for a request slot and for the host's next start time.
func (h *host) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	now := time.Now()
	start := h.next
	if start.Before(now) {
		start = now
	}
	h.next = start.Add(h.delay)
	h.mu.Unlock()
	if err := sleepCtx(ctx, time.Until(start)); err != nil {
		<-h.sem
		return err
	}
	return nil
}

// release frees the slot taken by acquire.
func (h *host) release() { <-h.sem }

// pause keeps every request to the host from starting before now+d.
func (h *host) pause(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := time.Now().Add(d); t.After(h.next) {
		h.next = t
	}
}

// setCrawlDelay raises the host delay (to a robots.txt Crawl-delay or a
// slower source's delay).
func (h *host) setCrawlDelay(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if d > h.delay {
		h.delay = d
	}
}

// allowed reports whether robots.txt lets the agent fetch pathQuery.
func (h *robots) allowed(pathQuery string) bool {
	if h.group == nil {
		return true
	}
	return h.group.Test(pathQuery)
}

// robotsAgent is the product token of a User-Agent ("tieline" from
// "tieline/0.1 (+https://...)"), which robots.txt groups name.
func robotsAgent(ua string) string {
	tok := strings.Fields(ua)
	if len(tok) == 0 {
		return "*"
	}
	name, _, _ := strings.Cut(tok[0], "/")
	return name
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
