package crawl

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// host holds the per-host politeness state of one run: a semaphore for
// parallelism, the earliest start of the next request (delay, Crawl-delay
// and Retry-After all push it), and the host's robots.txt.
type host struct {
	name  string
	sem   chan struct{}
	mu    sync.Mutex
	next  time.Time
	delay time.Duration

	robotsOnce sync.Once
	robots     *robotstxt.RobotsData // nil: allow all
	group      *robotstxt.Group
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

// setCrawlDelay raises the host delay to a robots.txt Crawl-delay.
func (h *host) setCrawlDelay(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if d > h.delay {
		h.delay = d
	}
}

// allowed reports whether robots.txt lets agent fetch path (path plus query).
func (h *host) allowed(pathQuery string) bool {
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
