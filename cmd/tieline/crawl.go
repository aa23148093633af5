package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/tieline/tieline/pipeline/crawl"
	"github.com/tieline/tieline/warc"
)

// cmdCrawl runs one source once (for cron and Kubernetes CronJobs), or an
// ad-hoc source from a start URL. Without an external broker it runs the
// whole pipeline in process and exits when the pages are indexed; with
// one, it exits when they are published.
func cmdCrawl(ctx context.Context, args []string, env *Env) error {
	fs := newFlags(env, "crawl", "crawl [--config FILE] [--data DIR] [--nats URL] (--source NAME | --start-url URL) [--once]")
	var c common
	c.register(fs)
	name := fs.String("source", "", "name of a configured source")
	startURL := fs.String("start-url", "", "crawl an ad-hoc source from this URL (allowed domain = its host; feeds and sitemaps discovered)")
	once := fs.Bool("once", true, "run once and exit (scheduled crawling runs inside tieline run)")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if !*once {
		return usageError{"--once=false: scheduled crawling runs inside tieline run"}
	}
	if (*name == "") == (*startURL == "") {
		return usageError{"give exactly one of --source NAME or --start-url URL"}
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	log := newLogger(cfg, env)
	var src crawl.Source
	if *name != "" {
		var ok bool
		src, ok = cfg.Source(*name)
		if !ok {
			return usageError{fmt.Sprintf("no source %q in the config (have: %v)", *name, cfg.SourceNames())}
		}
	} else {
		src, err = crawl.Discover(ctx, *startURL, cfg.Crawl, nil)
		if err != nil {
			return err
		}
		src = src.WithDefaults(cfg.Crawl)
	}

	inProcess := cfg.NATS.URL == ""
	r := roles{crawl: true}
	if inProcess {
		r.extract, r.index = true, true
	}
	s, err := openStack(ctx, cfg, log, r)
	if err != nil {
		return err
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		stopWork()
		s.close()
	}()
	s.startWorkers(workCtx, r)
	var w *waiter
	if inProcess {
		if w, err = newWaiter(s.bus); err != nil {
			return err
		}
		defer w.stop()
	}
	cr, closeArchive, err := newCrawler(s, log, w)
	if err != nil {
		return err
	}
	defer closeArchive()
	// A one-off run takes the same lock as the scheduler, so that a cron
	// job and `tieline run` never crawl one source at the same time.
	release, err := cr.State.Lock(ctx, crawl.LockKey(src.Name), cfg.Crawl.LockTTL)
	if err != nil {
		return fmt.Errorf("crawling %s: %w", src.Name, err)
	}
	defer release()
	start := time.Now()
	stats, err := cr.Run(ctx, src)
	if err != nil {
		return fmt.Errorf("crawling %s: %w", src.Name, err)
	}
	if w != nil {
		if err := w.wait(ctx, s.ix, nil); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stderr, "crawl %s: %d requests, %d new, %d changed, %d unchanged, %d known, %d errors, %d skipped by robots.txt, in %s\n",
		src.Name, stats.Requests, stats.New, stats.Changed, stats.Unchanged, stats.Known, stats.Errors, stats.SkippedRobots,
		time.Since(start).Round(time.Millisecond))
	return nil
}

// newCrawler builds the crawler on the stack's broker: KV state, the pages
// publisher and, when configured, the WARC archive.
func newCrawler(s *stack, log *slog.Logger, w *waiter) (*crawl.Crawler, func(), error) {
	cr := &crawl.Crawler{
		Publisher: busPublisher{bus: s.bus, w: w},
		State:     kvState{bus: s.bus},
		Settings:  s.cfg.Crawl,
		Metrics:   s.metrics,
		Logger:    log,
	}
	closeFn := func() {}
	if s.cfg.Crawl.WARC.Enabled {
		dir := s.cfg.Crawl.WARC.Dir
		if dir == "" {
			dir = filepath.Join(s.cfg.Data, "warc")
		}
		ww, err := warc.NewWriter(dir, "tieline")
		if err != nil {
			return nil, nil, fmt.Errorf("opening warc archive: %w", err)
		}
		cr.Archiver = warcArchiver{ww}
		closeFn = func() { _ = ww.Close() }
	}
	return cr, closeFn, nil
}

// warcArchiver adapts the WARC writer to the crawler's Archiver.
type warcArchiver struct{ w *warc.Writer }

func (a warcArchiver) Archive(url string, fetched time.Time, status int, header http.Header, body []byte) error {
	return a.w.WriteResponse(url, fetched, fmt.Sprintf("HTTP/1.1 %d %s", status, http.StatusText(status)), header, body)
}

// startScheduler runs every enabled source on its schedule until ctx is
// done.
func startScheduler(ctx context.Context, wg *sync.WaitGroup, s *stack, log *slog.Logger) error {
	srcs := s.cfg.EnabledSources()
	if len(srcs) == 0 {
		log.Info("no enabled sources: crawler idle")
		return nil
	}
	cr, closeArchive, err := newCrawler(s, log, nil)
	if err != nil {
		return err
	}
	names := make([]string, len(srcs))
	for i, src := range srcs {
		names[i] = src.Name
	}
	// First runs start after each source's jitter, to spread the load.
	log.Info("crawl scheduler started", "sources", names)
	sched := &crawl.Scheduler{Runner: cr, State: cr.State, Sources: srcs, Settings: s.cfg.Crawl, Logger: log}
	wg.Go(func() {
		defer closeArchive()
		if err := sched.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("crawl scheduler stopped", "err", err)
		}
	})
	return nil
}
