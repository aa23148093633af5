package crawl

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrLocked is returned by StateStore.Lock when another run holds the lock.
var ErrLocked = errors.New("lock held by another run")

// URLState is what the crawler remembers about one URL between runs.
// It is stored as JSON (the field names below are the wire format).
type URLState struct {
	URL          string    `json:"url"`                     // canonical URL this record is about
	Kind         string    `json:"kind,omitempty"`          // "article", "listing", "feed", "sitemap"
	FinalURL     string    `json:"final_url,omitempty"`     // canonical URL after redirects and rel=canonical, when different
	Status       int       `json:"status,omitempty"`        // last HTTP status (304 keeps the previous 200's data)
	ETag         string    `json:"etag,omitempty"`          // validator for If-None-Match
	LastModified string    `json:"last_modified,omitempty"` // validator for If-Modified-Since, as sent by the server
	Hash         string    `json:"hash,omitempty"`          // ContentID of the last published body
	Version      int       `json:"version,omitempty"`       // last published Page.Version; 0 = never published
	LastFetch    time.Time `json:"last_fetch"`              // last request that got an answer
	Error        string    `json:"error,omitempty"`         // last failure, for operators
	Skipped      string    `json:"skipped,omitempty"`       // "type" or "size": not an article, not asked for again
	// Hint is the feed or sitemap date the article had when last
	// fetched: a later run re-checks it when that date moves. Comparing
	// site dates with site dates keeps wrong clocks and time zones out.
	Hint time.Time `json:"hint,omitzero"`
}

// Done reports whether the URL needs no fetch in a new run, barring a
// re-check: it was published, or is a redirect alias of a published URL,
// or is gone (404/410), or was skipped as too large or not HTML.
func (s URLState) Done() bool {
	return s.Version > 0 || s.FinalURL != "" || s.Gone() || s.Skipped != ""
}

// Gone reports whether the server said the URL does not exist (404/410):
// such URLs are not retried.
func (s URLState) Gone() bool { return s.Status == 404 || s.Status == 410 }

// StateStore keeps crawl state across runs and processes. The lead backs
// it with a JetStream KV bucket; NewMemoryState is the in-process one.
//
// Keys are valid NATS KV keys (matching [-/_=.a-zA-Z0-9]+):
//
//	url.<StableID(canonical URL)>   one URLState per URL, JSON
//	lock.crawl.<source name>         run lock of a source
//
// Get returns ok=false (and no error) for a missing key. Put overwrites.
// Lock takes key if it is free or its previous holder's ttl has expired,
// and returns ErrLocked (possibly wrapped) if it is held; release frees it
// and is safe to call more than once. A KV implementation can create the
// key with its expiry time as value (Create fails when the key exists)
// and delete it on release, replacing an expired holder by a revision-
// checked Update.
type StateStore interface {
	Get(ctx context.Context, key string) (URLState, bool, error)
	Put(ctx context.Context, key string, st URLState) error
	Lock(ctx context.Context, key string, ttl time.Duration) (release func(), err error)
}

// URLKey is the StateStore key of a canonical URL.
func URLKey(canonicalURL string) string { return "url." + StableID(canonicalURL) }

// LockKey is the StateStore lock key of a source's runs.
func LockKey(source string) string { return "lock.crawl." + source }

// MemoryState is an in-process StateStore for tests and ad-hoc crawls.
type MemoryState struct {
	mu    sync.Mutex
	urls  map[string]URLState
	locks map[string]lockEntry
	now   func() time.Time
}

type lockEntry struct {
	token   int64
	expires time.Time
}

var lockTokens struct {
	sync.Mutex
	n int64
}

// NewMemoryState returns an empty MemoryState.
func NewMemoryState() *MemoryState {
	return &MemoryState{urls: map[string]URLState{}, locks: map[string]lockEntry{}, now: time.Now}
}

// Get returns the state stored under key.
func (m *MemoryState) Get(_ context.Context, key string) (URLState, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.urls[key]
	return st, ok, nil
}

// Put stores st under key.
func (m *MemoryState) Put(_ context.Context, key string, st URLState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.urls[key] = st
	return nil
}

// Len returns the number of stored URL states.
func (m *MemoryState) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.urls)
}

// Lock takes the named lock for ttl, or returns ErrLocked.
func (m *MemoryState) Lock(_ context.Context, key string, ttl time.Duration) (func(), error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if l, ok := m.locks[key]; ok && now.Before(l.expires) {
		return nil, ErrLocked
	}
	lockTokens.Lock()
	lockTokens.n++
	tok := lockTokens.n
	lockTokens.Unlock()
	m.locks[key] = lockEntry{token: tok, expires: now.Add(ttl)}
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		// Only the holder frees the lock: after expiry another run may own it.
		if l, ok := m.locks[key]; ok && l.token == tok {
			delete(m.locks, key)
		}
	}, nil
}
