package crawl

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeRunner records runs; each takes d of (fake) time.
type fakeRunner struct {
	d       time.Duration
	mu      sync.Mutex
	runs    map[string][]time.Time
	active  int
	maxSeen int
}

func (f *fakeRunner) Run(ctx context.Context, src Source) (Stats, error) {
	f.mu.Lock()
	if f.runs == nil {
		f.runs = map[string][]time.Time{}
	}
	f.runs[src.Name] = append(f.runs[src.Name], time.Now())
	f.active++
	f.maxSeen = max(f.maxSeen, f.active)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.active--
		f.mu.Unlock()
	}()
	return Stats{}, sleepCtx(ctx, f.d)
}

func TestSchedulerIntervalAndCron(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		off := false
		r := &fakeRunner{d: 10 * time.Minute}
		s := &Scheduler{Runner: r, State: NewMemoryState(), Logger: quietLogger(), Sources: []Source{
			{Name: "every", Schedule: Schedule{Every: time.Hour}},
			{Name: "cron", Schedule: Schedule{Cron: "0 * * * *"}},
			{Name: "disabled", Enabled: &off, Schedule: Schedule{Every: time.Hour}},
			{Name: "manual"},
		}}
		start := time.Now()
		done := make(chan error)
		go func() { done <- s.Run(ctx) }()
		time.Sleep(3*time.Hour + time.Minute)
		cancel()
		<-done

		offsets := func(name string) []time.Duration {
			var out []time.Duration
			for _, at := range r.runs[name] {
				out = append(out, at.Sub(start))
			}
			return out
		}
		// every: at once, then an hour after each run ends (runs take 10m).
		wantEvery := []time.Duration{0, 70 * time.Minute, 140 * time.Minute}
		if got := offsets("every"); !equalDurations(got, wantEvery) {
			t.Errorf("every runs at %v, want %v", got, wantEvery)
		}
		// cron: on the hour (the bubble starts at midnight).
		wantCron := []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour}
		if got := offsets("cron"); !equalDurations(got, wantCron) {
			t.Errorf("cron runs at %v, want %v", got, wantCron)
		}
		if len(r.runs["disabled"])+len(r.runs["manual"]) != 0 {
			t.Errorf("disabled/manual sources ran: %v", r.runs)
		}
	})
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSchedulerNoOverlapAcrossProcesses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		state := NewMemoryState() // shared, like a KV bucket
		r := &fakeRunner{d: 90 * time.Minute}
		src := []Source{{Name: "tass", Schedule: Schedule{Every: time.Hour, Jitter: 5 * time.Minute}}}
		var wg sync.WaitGroup
		for range 2 { // two processes
			s := &Scheduler{Runner: r, State: state, Sources: src, Logger: quietLogger()}
			wg.Go(func() { s.Run(ctx) })
		}
		time.Sleep(6 * time.Hour)
		cancel()
		wg.Wait()
		if r.maxSeen != 1 {
			t.Errorf("%d runs of one source at once, want 1", r.maxSeen)
		}
		if n := len(r.runs["tass"]); n < 2 || n > 4 {
			t.Errorf("%d runs in 6h of 90-minute runs, want 2..4", n)
		}
	})
}

func TestMemoryStateLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewMemoryState()
		ctx := t.Context()
		rel, err := m.Lock(ctx, "lock.crawl.a", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Lock(ctx, "lock.crawl.a", time.Minute); err != ErrLocked {
			t.Fatalf("second Lock = %v, want ErrLocked", err)
		}
		if r2, err := m.Lock(ctx, "lock.crawl.b", time.Minute); err != nil {
			t.Fatalf("other key: %v", err)
		} else {
			r2()
		}
		time.Sleep(2 * time.Minute) // the holder died: ttl expired
		rel3, err := m.Lock(ctx, "lock.crawl.a", time.Minute)
		if err != nil {
			t.Fatalf("after expiry: %v", err)
		}
		rel() // the stale holder must not free the new holder's lock
		if _, err := m.Lock(ctx, "lock.crawl.a", time.Minute); err != ErrLocked {
			t.Fatalf("stale release freed the lock: %v", err)
		}
		rel3()
		rel3()
		if _, err := m.Lock(ctx, "lock.crawl.a", time.Minute); err != nil {
			t.Fatalf("after release: %v", err)
		}
	})
}
