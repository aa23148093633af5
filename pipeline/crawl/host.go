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
	last  time.Time // start of the latest request booked
	sent  time.Time // when the latest request left (gate)
	delay time.Duration
}

// robots is a host's robots.txt as read in one run.
type robots struct {
	once  sync.Once
	data  *robotstxt.RobotsData
	group *robotstxt.Group // nil: allow all
	// disallowAll is set for a 5xx or unreachable robots.txt (RFC 9309).
	disallowAll bool
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

// acquire waits for a request slot and for the host's next start time,
// booking the one after it.
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
	h.last = start
	h.mu.Unlock()
	if err := sleepCtx(ctx, time.Until(start)); err != nil {
		<-h.sem
		return err
	}
	return nil
}

// gate runs in the transport right before a request leaves: starts booked
// by acquire drift apart by what runs in between (HTTP client, GC), so
// the last send is spaced from this one by the delay here. The wait is
// short: acquire already spaced the bookings.
func (h *host) gate(ctx context.Context) error {
	h.mu.Lock()
	now := time.Now()
	start := h.sent.Add(h.delay)
	if start.Before(now) {
		start = now
	}
	h.sent = start
	h.mu.Unlock()
	return sleepCtx(ctx, time.Until(start))
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
		// The request that fetched robots.txt already counts: the next
		// one waits the new delay after it.
		if t := h.last.Add(d); t.After(h.next) {
			h.next = t
		}
	}
}

// idle waits until the host's next request could start, so that a later
// Crawler (Discover, then Run) starts within the delay.
func (h *host) idle(ctx context.Context) error {
	h.mu.Lock()
	d := time.Until(h.next)
	h.mu.Unlock()
	return sleepCtx(ctx, d)
}

// allowed reports whether robots.txt lets the agent fetch pathQuery.
func (h *robots) allowed(pathQuery string) bool {
	if h.disallowAll {
		return false
	}
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
