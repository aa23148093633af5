package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tieline/tieline/pipeline"
	"github.com/tieline/tieline/pipeline/crawl"
	"github.com/tieline/tieline/pipeline/natsbus"
)

// kvState is the crawler's StateStore on the broker's key-value buckets,
// so that crawl state and run locks are shared by every process.
type kvState struct{ bus *natsbus.Bus }

func (s kvState) Get(ctx context.Context, key string) (crawl.URLState, bool, error) {
	var st crawl.URLState
	b, ok, err := s.bus.StateGet(ctx, key)
	if err != nil || !ok {
		return st, ok, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, false, fmt.Errorf("decoding crawl state %s: %w", key, err)
	}
	return st, true, nil
}

func (s kvState) Put(ctx context.Context, key string, st crawl.URLState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encoding crawl state %s: %w", key, err)
	}
	return s.bus.StatePut(ctx, key, b)
}

// Lock ignores ttl: the lock bucket's own TTL (natsbus.LockTTL) bounds a
// dead holder, and a live one refreshes its lock, which works on servers
// without per-key TTLs.
func (s kvState) Lock(ctx context.Context, key string, _ time.Duration) (func(), error) {
	release, err := s.bus.Lock(ctx, key)
	if errors.Is(err, natsbus.ErrLocked) {
		return nil, fmt.Errorf("%w: %w", crawl.ErrLocked, err)
	}
	return release, err
}

// busPublisher publishes crawled pages and, when a waiter is set, records
// them so that a one-off crawl can wait until they are indexed.
type busPublisher struct {
	bus *natsbus.Bus
	w   *waiter
}

func (p busPublisher) Publish(ctx context.Context, page pipeline.Page) error {
	if p.w != nil {
		p.w.add(page.ID, page.Version)
	}
	_, err := p.bus.PublishPage(ctx, page)
	return err
}
