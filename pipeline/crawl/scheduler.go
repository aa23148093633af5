package crawl

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Runner runs one crawl of a source; *Crawler is the Runner.
type Runner interface {
	Run(ctx context.Context, src Source) (Stats, error)
}

// Scheduler runs each enabled, scheduled source on its schedule until ctx
// is done. Runs of one source never overlap: in-process they are
// sequential, and across processes each run holds the StateStore lock
// LockKey(source) (a run that finds it held is skipped until the next
// tick).
type Scheduler struct {
	Runner   Runner
	State    StateStore
	Sources  []Source
	Settings Settings     // LockTTL; the Crawler applies the rest
	Logger   *slog.Logger // nil: slog.Default()
}

// Run blocks until ctx is done, then waits for running crawls to stop.
// Sources without a schedule are skipped (they run with --once only).
func (s *Scheduler) Run(ctx context.Context) error {
	if s.Runner == nil || s.State == nil {
		return errors.New("scheduler needs a Runner and a State")
	}
	log := s.Logger
	if log == nil {
		log = slog.Default()
	}
	ttl := s.Settings.withDefaults().LockTTL
	var wg sync.WaitGroup
	for _, src := range s.Sources {
		if !src.IsEnabled() || src.Schedule.IsZero() {
			continue
		}
		next, err := nextFunc(src.Schedule)
		if err != nil {
			log.Error("bad schedule", "source", src.Name, "err", err)
			continue
		}
		wg.Go(func() { s.loop(ctx, log.With("source", src.Name), src, next, ttl) })
	}
	wg.Wait()
	return ctx.Err()
}

func (s *Scheduler) loop(ctx context.Context, log *slog.Logger, src Source, next func(time.Time) time.Time, ttl time.Duration) {
	// The first run starts at once (after a jitter) so a fresh deployment
	// does not wait a whole interval.
	at := time.Now().Add(jitter(src.Schedule.Jitter))
	if src.Schedule.Cron != "" {
		at = next(time.Now())
	}
	for {
		if err := sleepCtx(ctx, time.Until(at)); err != nil {
			return
		}
		s.once(ctx, log, src, ttl)
		at = next(time.Now())
	}
}

func (s *Scheduler) once(ctx context.Context, log *slog.Logger, src Source, ttl time.Duration) {
	release, err := s.State.Lock(ctx, LockKey(src.Name), ttl)
	if errors.Is(err, ErrLocked) {
		log.Info("crawl skipped, another run holds the lock")
		return
	}
	if err != nil {
		log.Error("taking crawl lock", "err", err)
		return
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, ttl)
	defer cancel()
	if _, err := s.Runner.Run(rctx, src); err != nil && ctx.Err() == nil {
		log.Error("crawl run failed", "err", err)
	}
}

// nextFunc returns the schedule's next-run function: cron, or every plus
// a random jitter.
func nextFunc(sch Schedule) (func(time.Time) time.Time, error) {
	if sch.Cron != "" {
		c, err := cronParser.Parse(sch.Cron)
		if err != nil {
			return nil, err
		}
		return func(t time.Time) time.Time { return c.Next(t).Add(jitter(sch.Jitter)) }, nil
	}
	return func(t time.Time) time.Time { return t.Add(sch.Every + jitter(sch.Jitter)) }, nil
}

func jitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return rand.N(max)
}
