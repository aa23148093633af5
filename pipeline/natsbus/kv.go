package natsbus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// LockTTL is how long a crawl lock outlives a holder that died without
// releasing it. Holders refresh their lock every LockTTL/3.
const LockTTL = 90 * time.Second

// ErrLocked means another run holds the lock.
var ErrLocked = errors.New("locked by another run")

// StateGet reads a crawl-state value; ok is false when the key is absent.
func (b *Bus) StateGet(ctx context.Context, key string) (val []byte, ok bool, err error) {
	e, err := b.state.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading crawl state %s: %w", key, err)
	}
	return e.Value(), true, nil
}

// StatePut writes a crawl-state value.
func (b *Bus) StatePut(ctx context.Context, key string, val []byte) error {
	if _, err := b.state.Put(ctx, key, val); err != nil {
		return fmt.Errorf("writing crawl state %s: %w", key, err)
	}
	return nil
}

// Lock takes a lock shared by every process on this broker, or returns
// ErrLocked. The lock is refreshed in the background until release is
// called; if the holder dies, it expires after LockTTL.
func (b *Bus) Lock(ctx context.Context, key string) (release func(), err error) {
	holder := []byte(lockHolder())
	rev, err := b.locks.Create(ctx, key, holder)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return nil, fmt.Errorf("lock %s: %w", key, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", key, err)
	}
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(LockTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				mu.Lock()
				r, err := b.locks.Update(context.Background(), key, holder, rev)
				if err == nil {
					rev = r
				} else {
					b.log.Warn("lock refresh failed", "key", key, "err", err)
				}
				mu.Unlock()
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			mu.Lock()
			defer mu.Unlock()
			if err := b.locks.Delete(context.Background(), key, jetstream.LastRevision(rev)); err != nil {
				b.log.Warn("lock release failed", "key", key, "err", err)
			}
		})
	}, nil
}

func lockHolder() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + time.Now().UTC().Format(time.RFC3339Nano)
}
