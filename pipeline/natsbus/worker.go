package natsbus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tieline/tieline/pipeline"
)

// Stage names, as they appear in dead-letter subjects.
const (
	StageExtract = "extract"
	StageIndex   = "index"
)

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks an error that retrying cannot fix (a message that cannot
// be decoded, input no extractor can read): it goes to the dead-letter
// subject at once instead of after every try.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// ExtractFunc is the extraction stage: a plain function from a page to an
// article.
type ExtractFunc func(context.Context, pipeline.Page) (pipeline.Article, error)

// PutFunc is the index stage: it stores a batch of articles durably.
type PutFunc func(context.Context, []pipeline.Article) error

// RunExtract consumes pages with `workers` goroutines, runs fn on each and
// publishes its article; a page is acked only after the article's publish
// was acknowledged. It returns when ctx is done and in-flight pages have
// finished; unstarted prefetched pages stay unacked and are redelivered.
func (b *Bus) RunExtract(ctx context.Context, workers int, fn ExtractFunc) error {
	if workers <= 0 {
		workers = 1
	}
	cons, err := b.js.Consumer(ctx, b.Names.PagesStream, b.Names.ExtractConsumer)
	if err != nil {
		return fmt.Errorf("opening consumer %s: %w", b.Names.ExtractConsumer, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(2 * workers))
	if err != nil {
		return fmt.Errorf("consuming %s: %w", b.Names.PagesStream, err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				msg, err := it.Next()
				if err != nil {
					if !errors.Is(err, jetstream.ErrMsgIteratorClosed) {
						b.log.Error("extract: next message", "err", err)
					}
					return
				}
				// Work on a message runs to the end even when ctx is
				// cancelled, so shutdown never leaves half a stage behind.
				b.handleExtract(context.WithoutCancel(ctx), msg, fn)
			}
		})
	}
	wg.Wait()
	return nil
}

func (b *Bus) handleExtract(ctx context.Context, msg jetstream.Msg, fn ExtractFunc) {
	page, err := b.DecodePage(ctx, msg.Headers(), msg.Data())
	if err != nil {
		b.fail(ctx, StageExtract, msg, Permanent(err))
		return
	}
	art, err := safeExtract(ctx, fn, page)
	if err != nil {
		b.fail(ctx, StageExtract, msg, fmt.Errorf("extracting %s (%s): %w", page.ID, orInput(page), err))
		return
	}
	if err := b.PublishArticle(ctx, art); err != nil {
		b.fail(ctx, StageExtract, msg, err)
		return
	}
	if err := msg.DoubleAck(ctx); err != nil {
		// The article is published; a redelivery re-publishes the same
		// message id, which JetStream drops as a duplicate.
		b.log.Warn("extract: ack", "id", page.ID, "err", err)
		return
	}
	b.dropBody(ctx, msg.Headers())
}

// dropBody deletes the object-store copy of a large body once its message
// is acked; the store's TTL catches what a crash leaves behind.
func (b *Bus) dropBody(ctx context.Context, h nats.Header) {
	if ref := h.Get(hdrBodyRef); ref != "" {
		if err := b.bodies.Delete(ctx, ref); err != nil {
			b.log.Warn("deleting large body", "ref", ref, "err", err)
		}
	}
}

func orInput(p pipeline.Page) string {
	if p.URL != "" {
		return p.URL
	}
	return p.Input
}

// safeExtract turns a panic in an extractor into a permanent error: one bad
// page must not take the worker down, and it must not be lost.
func safeExtract(ctx context.Context, fn ExtractFunc, p pipeline.Page) (a pipeline.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Permanent(fmt.Errorf("extractor panic: %v", r))
		}
	}()
	return fn(ctx, p)
}

// RunIndex consumes articles in batches of up to `batch`, waiting at most
// `flush` to fill one, stores each batch with put and then acks it.
func (b *Bus) RunIndex(ctx context.Context, batch int, flush time.Duration, put PutFunc) error {
	if batch <= 0 {
		batch = 100
	}
	if flush <= 0 {
		flush = time.Second
	}
	cons, err := b.js.Consumer(ctx, b.Names.ArticlesStream, b.Names.IndexConsumer)
	if err != nil {
		return fmt.Errorf("opening consumer %s: %w", b.Names.IndexConsumer, err)
	}
	for ctx.Err() == nil {
		res, err := cons.Fetch(batch, jetstream.FetchMaxWait(flush))
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			b.log.Warn("index: fetch", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		var msgs []jetstream.Msg
		for m := range res.Messages() {
			msgs = append(msgs, m)
		}
		if err := res.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			b.log.Warn("index: fetch", "err", err)
		}
		if len(msgs) > 0 {
			b.indexBatch(context.WithoutCancel(ctx), msgs, put)
		}
	}
	return nil
}

func (b *Bus) indexBatch(ctx context.Context, msgs []jetstream.Msg, put PutFunc) {
	arts := make([]pipeline.Article, 0, len(msgs))
	ok := make([]jetstream.Msg, 0, len(msgs))
	for _, m := range msgs {
		a, err := b.DecodeArticle(ctx, m.Headers(), m.Data())
		if err != nil {
			b.fail(ctx, StageIndex, m, Permanent(err))
			continue
		}
		arts = append(arts, a)
		ok = append(ok, m)
	}
	if len(arts) == 0 {
		return
	}
	if err := put(ctx, arts); err != nil {
		err = fmt.Errorf("indexing batch of %d: %w", len(arts), err)
		for _, m := range ok {
			b.fail(ctx, StageIndex, m, err)
		}
		return
	}
	for i, m := range ok {
		if err := m.DoubleAck(ctx); err != nil {
			// Indexed already; a redelivery is an idempotent upsert.
			b.log.Warn("index: ack", "id", arts[i].ID, "err", err)
			continue
		}
		b.dropBody(ctx, m.Headers())
	}
}

// fail retries msg later with backoff, or dead-letters it when the error is
// permanent or this was the last try. The message is acked only once the
// dead letter is stored, so nothing is ever dropped.
func (b *Bus) fail(ctx context.Context, stage string, msg jetstream.Msg, cause error) {
	tries := 1
	var seq uint64
	if md, err := msg.Metadata(); err == nil {
		tries = int(md.NumDelivered)
		seq = md.Sequence.Stream
	}
	id := msg.Headers().Get(hdrID)
	if !IsPermanent(cause) && tries < b.cfg.MaxDeliver {
		delay := b.cfg.Backoff[min(tries-1, len(b.cfg.Backoff)-1)]
		b.log.Warn(stage+": retry", "id", id, "try", tries, "delay", delay, "err", cause)
		if err := msg.NakWithDelay(delay); err != nil {
			b.log.Error(stage+": nak", "id", id, "err", err)
		}
		return
	}
	dl := nats.NewMsg(b.Names.DeadSubject + "." + stage)
	for k, v := range msg.Headers() {
		// Nats-* headers (message id, expected stream) belong to the
		// original publish and would make this one fail or be dropped.
		if !strings.HasPrefix(k, "Nats-") {
			dl.Header[k] = v
		}
	}
	dl.Header.Set(hdrError, cause.Error())
	dl.Header.Set(hdrStage, stage)
	dl.Header.Set(hdrTries, strconv.Itoa(tries))
	dl.Header.Set(hdrSubject, msg.Subject())
	dl.Data = msg.Data()
	dlID := fmt.Sprintf("%s.%s.%d", stage, id, seq)
	if _, err := b.js.PublishMsg(ctx, dl, jetstream.WithMsgID(dlID)); err != nil {
		b.log.Error(stage+": dead-letter publish failed; will retry", "id", id, "err", err)
		_ = msg.NakWithDelay(b.cfg.Backoff[len(b.cfg.Backoff)-1])
		return
	}
	b.log.Error(stage+": dead-lettered", "id", id, "tries", tries, "err", cause)
	if err := msg.DoubleAck(ctx); err != nil {
		b.log.Warn(stage+": ack after dead letter", "id", id, "err", err)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// DeadLetter is one message that failed every try.
type DeadLetter struct {
	ID      string    `json:"id"`
	Stage   string    `json:"stage"`
	Error   string    `json:"error"`
	Tries   int       `json:"tries"`
	Subject string    `json:"subject"`
	Time    time.Time `json:"time"`
	Seq     uint64    `json:"seq"`
}

// WatchDead calls fn for every dead letter stored from now on (core
// subscription: for progress tracking of a run in this process).
func (b *Bus) WatchDead(fn func(DeadLetter)) (stop func(), err error) {
	sub, err := b.nc.Subscribe(b.Names.DeadSubject+".>", func(m *nats.Msg) {
		fn(deadFromHeader(m.Header, time.Now(), 0))
	})
	if err != nil {
		return nil, fmt.Errorf("watching dead letters: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}

func deadFromHeader(h nats.Header, t time.Time, seq uint64) DeadLetter {
	tries, _ := strconv.Atoi(h.Get(hdrTries))
	return DeadLetter{ID: h.Get(hdrID), Stage: h.Get(hdrStage), Error: h.Get(hdrError),
		Tries: tries, Subject: h.Get(hdrSubject), Time: t, Seq: seq}
}

// DeadLetters lists up to limit stored dead letters, oldest first.
func (b *Bus) DeadLetters(ctx context.Context, limit int) ([]DeadLetter, error) {
	info, err := b.dead.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading stream %s: %w", b.Names.DeadStream, err)
	}
	var out []DeadLetter
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && seq > 0 && len(out) < limit; seq++ {
		m, err := b.dead.GetMsg(ctx, seq)
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				continue
			}
			return out, fmt.Errorf("reading dead letter %d: %w", seq, err)
		}
		out = append(out, deadFromHeader(m.Header, m.Time, m.Sequence))
	}
	return out, nil
}
