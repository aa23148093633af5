package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tieline/tieline/index/searchapi"
)

// cmdRun starts everything in one process: broker (embedded unless an
// external URL is configured), crawl scheduler, extract workers, indexer
// and the HTTP server. With --roles, a process runs only some stages
// against an external broker (distributed mode).
func cmdRun(ctx context.Context, args []string, env *Env) error {
	fs := newFlags(env, "run", "run [--config FILE] [--data DIR] [--http ADDR] [--nats URL] [--roles crawl,extract,index,http]")
	var c common
	c.register(fs)
	httpAddr := fs.String("http", "", "HTTP listen address (overrides http.addr; \":0\" picks a free port)")
	roleList := fs.String("roles", "crawl,extract,index,http", "stages this process runs (distributed mode: run each on its own process against --nats)")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected arguments: %v", fs.Args())}
	}
	r, err := parseRoles(*roleList)
	if err != nil {
		return err
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	if *httpAddr != "" {
		cfg.HTTP.Addr = *httpAddr
	}
	if r.http && !r.index {
		return usageError{"--roles: http needs index in the same process (the API reads the index this process writes)"}
	}
	if cfg.NATS.URL == "" && r != allRoles() {
		return usageError{"--roles other than all needs an external broker (--nats or nats.url): the embedded one lives in this process"}
	}
	log := newLogger(cfg, env)
	s, err := openStack(ctx, cfg, log, r)
	if err != nil {
		return err
	}
	log.Info("tieline started", "version", version(), "data", cfg.Data, "nats", natsDesc(s), "roles", *roleList)

	// Stages stop in order: crawl (no new pages), then HTTP, then the
	// workers finish what they hold, then index and broker close.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	s.startWorkers(workCtx, r)

	var srv *http.Server
	srvDone := make(chan error, 1)
	if r.http {
		ln, err := net.Listen("tcp", cfg.HTTP.Addr)
		if err != nil {
			stopWork()
			s.close()
			return fmt.Errorf("listening on %s: %w", cfg.HTTP.Addr, err)
		}
		h := searchapi.New(s.ix, searchapi.WithLogger(log), searchapi.WithVersion(version()),
			searchapi.WithAllowedOrigin(cfg.HTTP.CORSOrigin))
		mux := http.NewServeMux()
		mux.Handle("/metrics", metricsHandler(s))
		mux.Handle("/", h)
		srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() { srvDone <- srv.Serve(ln) }()
		log.Info("http listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/")
		if env.Listening != nil {
			env.Listening(ln.Addr().String())
		}
	}

	var crawlWG sync.WaitGroup
	if r.crawl {
		if err := startScheduler(ctx, &crawlWG, s, log); err != nil {
			log.Error("crawl scheduler not started", "err", err)
		}
	}

	var runErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-srvDone:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			runErr = fmt.Errorf("http server: %w", err)
		}
	}
	crawlWG.Wait()
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = srv.Shutdown(sctx)
		cancel()
	}
	stopWork()
	s.close()
	log.Info("tieline stopped")
	return runErr
}

func natsDesc(s *stack) string {
	if s.bus.Embedded() {
		if u := s.bus.ClientURL(); u != "" {
			return "embedded " + u
		}
		return "embedded (in-process)"
	}
	return s.cfg.NATS.URL
}

func parseRoles(list string) (roles, error) {
	var r roles
	for _, name := range strings.Split(list, ",") {
		switch strings.TrimSpace(name) {
		case "crawl":
			r.crawl = true
		case "extract":
			r.extract = true
		case "index":
			r.index = true
		case "http":
			r.http = true
		case "":
		default:
			return r, usageError{fmt.Sprintf("--roles: unknown role %q (want crawl, extract, index, http)", name)}
		}
	}
	if r == (roles{}) {
		return r, usageError{"--roles: no role given"}
	}
	return r, nil
}
