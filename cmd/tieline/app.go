package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tieline/tieline/configs"
	"github.com/tieline/tieline/extractors/article"
	"github.com/tieline/tieline/index"
	"github.com/tieline/tieline/pipeline"
	"github.com/tieline/tieline/pipeline/crawl"
	"github.com/tieline/tieline/pipeline/natsbus"
)

// common are the flags every pipeline command shares.
type common struct {
	config, data, nats string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "config file (default: the built-in configs/tieline.yaml)")
	fs.StringVar(&c.data, "data", "", "data directory (overrides the config's data:)")
	fs.StringVar(&c.nats, "nats", "", "external NATS URL (overrides nats.url; default: an embedded server)")
}

// load reads the config and applies the flags over it.
func (c *common) load() (*configs.Config, error) {
	var cfg *configs.Config
	var err error
	if c.config == "" {
		cfg, err = configs.Builtin()
	} else {
		cfg, err = configs.Load(c.config)
	}
	if err != nil {
		return nil, err
	}
	if c.data != "" {
		cfg.Data = c.data
	}
	if c.nats != "" {
		cfg.NATS.URL = c.nats
	}
	return cfg, nil
}

func newLogger(cfg *configs.Config, env *Env) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(env.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.Stderr, opts))
}

// stack is a running pipeline: broker connection, index, stage workers.
type stack struct {
	cfg *configs.Config
	log *slog.Logger
	bus *natsbus.Bus
	ix  *index.Index // nil when this process does not index
	// metrics are this process's crawl counters per source.
	metrics *crawl.Metrics
	wg      sync.WaitGroup
}

// roles says which stages this process runs.
type roles struct{ crawl, extract, index, http bool }

func allRoles() roles { return roles{true, true, true, true} }

// openStack connects the broker (embedded or external) and opens the index
// when this process indexes or serves.
func openStack(ctx context.Context, cfg *configs.Config, log *slog.Logger, r roles) (*stack, error) {
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		return nil, fmt.Errorf("creating data dir: %w", err)
	}
	s := &stack{cfg: cfg, log: log, metrics: crawl.NewMetrics()}
	var err error
	s.bus, err = natsbus.Open(ctx, natsbus.Config{
		URL:        cfg.NATS.URL,
		Embedded:   natsbus.EmbeddedOptions{StoreDir: filepath.Join(cfg.Data, "nats"), Listen: cfg.NATS.Listen},
		Prefix:     cfg.NATS.Prefix,
		AckWait:    cfg.NATS.AckWait,
		MaxDeliver: cfg.NATS.MaxDeliver,
		Backoff:    cfg.NATS.Backoff,
		Replicas:   cfg.NATS.Replicas,
		Name:       "tieline",
		Logger:     log,
	})
	if err != nil {
		return nil, err
	}
	if r.index || r.http {
		s.ix, err = index.Open(filepath.Join(cfg.Data, "index"), index.WithLogger(log))
		if err != nil {
			s.bus.Close()
			return nil, err
		}
	}
	return s, nil
}

// extractStage is the extraction stage as the bus runs it: unreadable
// documents are permanent failures that go straight to the dead letters.
func extractStage(_ context.Context, p pipeline.Page) (pipeline.Article, error) {
	if testExtractDelay > 0 {
		time.Sleep(testExtractDelay)
	}
	a, err := article.Extract(p)
	if errors.Is(err, article.ErrUnreadable) {
		return a, natsbus.Permanent(err)
	}
	return a, err
}

// testExtractDelay slows extraction in the end-to-end tests that kill a
// process half way; always zero in a real run.
var testExtractDelay time.Duration

// startWorkers runs the extract and index stages until ctx is done.
func (s *stack) startWorkers(ctx context.Context, r roles) {
	if r.extract {
		s.wg.Go(func() {
			if err := s.bus.RunExtract(ctx, s.cfg.Pipeline.ExtractWorkers, extractStage); err != nil {
				s.log.Error("extract workers stopped", "err", err)
			}
		})
	}
	if r.index && s.ix != nil {
		s.wg.Go(func() {
			if err := s.bus.RunIndex(ctx, s.cfg.Pipeline.IndexBatch, s.cfg.Pipeline.IndexFlush, s.ix.Put); err != nil {
				s.log.Error("indexer stopped", "err", err)
			}
		})
	}
}

// close waits for the workers (whose ctx the caller cancelled) and then
// closes the index and the broker.
func (s *stack) close() {
	s.wg.Wait()
	if s.ix != nil {
		if err := s.ix.Close(); err != nil {
			s.log.Error("closing index", "err", err)
		}
	}
	if err := s.bus.Close(); err != nil {
		s.log.Error("closing nats", "err", err)
	}
}

// waiter tracks published pages until each is indexed or dead-lettered.
type waiter struct {
	mu      sync.Mutex
	pending map[string]int // id -> version
	added   map[string]bool
	dead    map[string]string
	stop    func()
}

func newWaiter(bus *natsbus.Bus) (*waiter, error) {
	w := &waiter{pending: map[string]int{}, added: map[string]bool{}, dead: map[string]string{}}
	stop, err := bus.WatchDead(func(d natsbus.DeadLetter) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if _, ok := w.pending[d.ID]; ok {
			w.dead[d.ID] = d.Error
			delete(w.pending, d.ID)
		}
	})
	if err != nil {
		return nil, err
	}
	w.stop = stop
	return w, nil
}

func (w *waiter) add(id string, version int) {
	w.mu.Lock()
	w.pending[id] = version
	w.added[id] = true
	w.mu.Unlock()
}

// total is the number of distinct documents awaited.
func (w *waiter) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.added)
}

// deadCount is the number of awaited documents that were dead-lettered.
func (w *waiter) deadCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.dead)
}

// check removes the ids the index now has (at the awaited version), and
// returns how many are still pending.
func (w *waiter) check(ctx context.Context, ix *index.Index) (int, error) {
	w.mu.Lock()
	ids := make([]string, 0, len(w.pending))
	for id := range w.pending {
		ids = append(ids, id)
	}
	w.mu.Unlock()
	for len(ids) > 0 {
		n := min(len(ids), 500)
		have, err := ix.Has(ctx, ids[:n]...)
		if err != nil {
			return 0, err
		}
		w.mu.Lock()
		for id, ok := range have {
			if ok {
				delete(w.pending, id)
			}
		}
		w.mu.Unlock()
		ids = ids[n:]
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.pending), nil
}

// wait polls until nothing is pending or ctx is done.
func (w *waiter) wait(ctx context.Context, ix *index.Index, progress func(left int)) error {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		left, err := w.check(ctx, ix)
		if err != nil {
			return err
		}
		if progress != nil {
			progress(left)
		}
		if left == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
