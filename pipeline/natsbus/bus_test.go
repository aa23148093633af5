package natsbus

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tieline/tieline/pipeline"
)

// buses returns the brokers to test against: always an embedded one, and
// the external server named by TIELINE_TEST_NATS_URL when it is set (then
// an unreachable server fails the test rather than skipping it).
func buses(t *testing.T) map[string]func(t *testing.T) *Bus {
	out := map[string]func(t *testing.T) *Bus{
		"embedded": func(t *testing.T) *Bus {
			return openBus(t, Config{Embedded: EmbeddedOptions{StoreDir: t.TempDir()}})
		},
	}
	if url := os.Getenv("TIELINE_TEST_NATS_URL"); url != "" {
		out["external"] = func(t *testing.T) *Bus {
			return openBus(t, Config{URL: url})
		}
	}
	return out
}

func openBus(t *testing.T, cfg Config) *Bus {
	t.Helper()
	cfg.Prefix = uniquePrefix()
	cfg.AckWait = 2 * time.Second
	cfg.MaxDeliver = 3
	cfg.Backoff = []time.Duration{10 * time.Millisecond}
	b, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatalf("open bus: %v", err)
	}
	t.Cleanup(func() {
		if !b.Embedded() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := b.Destroy(ctx); err != nil {
				t.Errorf("destroy: %v", err)
			}
		}
		b.Close()
	})
	return b
}

func uniquePrefix() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "t" + hex.EncodeToString(b[:])
}

// collector is an index stage that remembers what it stored.
type collector struct {
	mu   sync.Mutex
	arts map[string]pipeline.Article
	puts int
}

func (c *collector) put(_ context.Context, as []pipeline.Article) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.arts == nil {
		c.arts = map[string]pipeline.Article{}
	}
	for _, a := range as {
		c.arts[a.ID] = a
	}
	c.puts++
	return nil
}

func (c *collector) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.arts)
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func titleExtract(_ context.Context, p pipeline.Page) (pipeline.Article, error) {
	if bytes.HasPrefix(p.Body, []byte("POISON")) {
		return pipeline.Article{}, Permanent(errors.New("unreadable page"))
	}
	if bytes.HasPrefix(p.Body, []byte("PANIC")) {
		panic("boom")
	}
	return pipeline.Article{ID: p.ID, URL: p.URL, Title: string(p.Body[:min(20, len(p.Body))]),
		Text: string(p.Body), Version: p.Version, SourceName: p.Source}, nil
}

func TestPipelineFlow(t *testing.T) {
	for name, open := range buses(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var col collector
			var wg sync.WaitGroup
			wg.Go(func() { _ = b.RunExtract(ctx, 2, titleExtract) })
			wg.Go(func() { _ = b.RunIndex(ctx, 10, 50*time.Millisecond, col.put) })

			var dead []DeadLetter
			var dmu sync.Mutex
			stop, err := b.WatchDead(func(d DeadLetter) { dmu.Lock(); dead = append(dead, d); dmu.Unlock() })
			if err != nil {
				t.Fatal(err)
			}
			defer stop()

			// Random hex compresses only twofold: 3 MB stays over an
			// external server's 1 MB payload limit, so it must travel
			// through the object store.
			raw := make([]byte, 3<<20)
			_, _ = rand.Read(raw)
			big := []byte(hex.EncodeToString(raw))
			pages := []pipeline.Page{
				{ID: "a1", URL: "https://example.org/a1", Source: "test", Body: []byte("Perm Krai and Belarus sign an agreement")},
				{ID: "a2", URL: "https://example.org/a2", Source: "test", Body: bytes.Repeat([]byte("compressible text "), 10000)},
				{ID: "a3", Source: "file", Body: big},
				{ID: "bad", Source: "test", Body: []byte("POISON page")},
				{ID: "pan", Source: "test", Body: []byte("PANIC page")},
			}
			for _, p := range pages {
				if _, err := b.PublishPage(ctx, p); err != nil {
					t.Fatalf("publish %s: %v", p.ID, err)
				}
			}
			// The same id and version again is dropped by the broker.
			dup, err := b.PublishPage(ctx, pages[0])
			if err != nil || !dup {
				t.Fatalf("republish: duplicate=%v err=%v, want duplicate", dup, err)
			}
			waitFor(t, "3 articles indexed", 20*time.Second, func() bool { return col.len() == 3 })
			waitFor(t, "2 dead letters", 10*time.Second, func() bool { dmu.Lock(); defer dmu.Unlock(); return len(dead) == 2 })
			if got := col.arts["a3"].Text; got != string(big) {
				t.Errorf("large body changed in transit: %d bytes, want %d", len(got), len(big))
			}
			waitFor(t, "large bodies deleted after their acks", 5*time.Second, func() bool {
				objs, err := b.bodies.List(ctx)
				return err != nil && errors.Is(err, jetstream.ErrNoObjectsFound) || err == nil && len(objs) == 0
			})
			if got := col.arts["a2"].Text; got != string(pages[1].Body) {
				t.Errorf("compressed body changed in transit")
			}
			dls, err := b.DeadLetters(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]string{}
			for _, d := range dls {
				ids[d.ID] = d.Error
			}
			if ids["bad"] == "" || ids["pan"] == "" {
				t.Errorf("dead letters = %v, want bad and pan with errors", dls)
			}
			waitFor(t, "nothing pending", 10*time.Second, func() bool {
				c, err := b.Pending(ctx)
				return err == nil && c.PagesPending == 0 && c.ArticlesPending == 0 && c.Dead == 2
			})
			cancel()
			wg.Wait()
		})
	}
}

func TestRetryThenDeadLetter(t *testing.T) {
	for name, open := range buses(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var mu sync.Mutex
			tries := map[string]int{}
			failing := func(ctx context.Context, p pipeline.Page) (pipeline.Article, error) {
				mu.Lock()
				tries[p.ID]++
				n := tries[p.ID]
				mu.Unlock()
				if p.ID == "flaky" && n < 2 {
					return pipeline.Article{}, fmt.Errorf("transient")
				}
				if p.ID == "broken" {
					return pipeline.Article{}, fmt.Errorf("always fails")
				}
				return titleExtract(ctx, p)
			}
			var col collector
			var wg sync.WaitGroup
			wg.Go(func() { _ = b.RunExtract(ctx, 1, failing) })
			wg.Go(func() { _ = b.RunIndex(ctx, 10, 50*time.Millisecond, col.put) })
			for _, id := range []string{"flaky", "broken"} {
				if _, err := b.PublishPage(ctx, pipeline.Page{ID: id, Source: "t", Body: []byte(id)}); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "flaky indexed", 10*time.Second, func() bool { return col.len() == 1 })
			waitFor(t, "broken dead-lettered", 10*time.Second, func() bool {
				c, err := b.Pending(ctx)
				return err == nil && c.Dead == 1 && c.PagesPending == 0
			})
			mu.Lock()
			if tries["broken"] != b.cfg.MaxDeliver {
				t.Errorf("broken tried %d times, want %d", tries["broken"], b.cfg.MaxDeliver)
			}
			mu.Unlock()
			cancel()
			wg.Wait()
		})
	}
}

func TestStateAndLock(t *testing.T) {
	for name, open := range buses(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, ok, err := b.StateGet(ctx, "u.abc"); ok || err != nil {
				t.Fatalf("get missing: ok=%v err=%v", ok, err)
			}
			if err := b.StatePut(ctx, "u.abc", []byte(`{"etag":"x"}`)); err != nil {
				t.Fatal(err)
			}
			v, ok, err := b.StateGet(ctx, "u.abc")
			if err != nil || !ok || string(v) != `{"etag":"x"}` {
				t.Fatalf("get = %q %v %v", v, ok, err)
			}
			release, err := b.Lock(ctx, "source-a")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Lock(ctx, "source-a"); !errors.Is(err, ErrLocked) {
				t.Fatalf("second lock: %v, want ErrLocked", err)
			}
			release()
			release() // idempotent
			r2, err := b.Lock(ctx, "source-a")
			if err != nil {
				t.Fatalf("lock after release: %v", err)
			}
			r2()
		})
	}
}

func TestExternalUnreachableFails(t *testing.T) {
	_, err := Open(t.Context(), Config{URL: "nats://127.0.0.1:1", Prefix: uniquePrefix()})
	if err == nil {
		t.Fatal("open of an unreachable server succeeded")
	}
}
