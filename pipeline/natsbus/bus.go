// Package natsbus is the one place tieline touches NATS: the embedded
// server, the JetStream streams, consumers and key-value buckets, the
// message codec, and the worker loop that acks, retries and dead-letters.
// Stages themselves are plain functions handed in from outside.
package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config says where the broker is and how messages are retried.
type Config struct {
	// URL of an external NATS server; empty starts an embedded one.
	URL string
	// Embedded configures the embedded server when URL is empty.
	Embedded EmbeddedOptions
	// Prefix names streams (PREFIX_PAGES), subjects (prefix.pages.>), KV
	// buckets and consumers, so that several pipelines (or tests) share
	// one server without colliding. Default "tieline".
	Prefix string
	// AckWait is how long a worker may hold a message before the server
	// redelivers it (after a crash, this is the wait until redelivery).
	AckWait time.Duration
	// MaxDeliver bounds the tries of one message; after the last failed
	// try it goes to the dead-letter subject with its error.
	MaxDeliver int
	// Backoff is the delay before each retry (the last value repeats).
	Backoff []time.Duration
	// Replicas for streams and buckets on a clustered external server.
	Replicas int
	// Name identifies this process's connection in server monitoring.
	Name   string
	Logger *slog.Logger
}

// Defaults for Config fields left zero.
const (
	DefaultPrefix     = "tieline"
	DefaultAckWait    = 60 * time.Second
	DefaultMaxDeliver = 5
)

var defaultBackoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute}

var prefixRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (c *Config) setDefaults() error {
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if !prefixRE.MatchString(c.Prefix) {
		return fmt.Errorf("nats prefix %q: only letters, digits, '-' and '_'", c.Prefix)
	}
	if c.AckWait <= 0 {
		c.AckWait = DefaultAckWait
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = DefaultMaxDeliver
	}
	if len(c.Backoff) == 0 {
		c.Backoff = defaultBackoff
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Name == "" {
		c.Name = "tieline"
	}
	return nil
}

// Names are the JetStream resources of one pipeline.
type Names struct {
	PagesStream, ArticlesStream, DeadStream string
	PagesSubject, ArticlesSubject           string // prefixes; the source name follows
	DeadSubject                             string // prefix; the stage name follows
	ExtractConsumer, IndexConsumer          string
	StateBucket, LockBucket, BodyBucket     string
}

// NamesFor derives resource names from a prefix.
func NamesFor(prefix string) Names {
	up := strings.ToUpper(strings.ReplaceAll(prefix, "-", "_"))
	return Names{
		PagesStream:     up + "_PAGES",
		ArticlesStream:  up + "_ARTICLES",
		DeadStream:      up + "_DEAD",
		PagesSubject:    prefix + ".pages",
		ArticlesSubject: prefix + ".articles",
		DeadSubject:     prefix + ".dead",
		ExtractConsumer: "extract",
		IndexConsumer:   "index",
		StateBucket:     prefix + "_crawl_state",
		LockBucket:      prefix + "_crawl_locks",
		BodyBucket:      prefix + "_bodies",
	}
}

// Bus is a connection to JetStream with tieline's resources in place.
type Bus struct {
	cfg   Config
	Names Names
	srv   *server.Server // embedded server, nil when external
	nc    *nats.Conn
	js    jetstream.JetStream
	log   *slog.Logger

	pages, articles, dead jetstream.Stream
	state, locks          jetstream.KeyValue
	bodies                jetstream.ObjectStore
	maxPayload            int
}

// Open starts the embedded server (or connects to cfg.URL) and creates the
// streams, consumers and buckets if they are missing. It is idempotent:
// every process of a distributed deployment calls it at start.
func Open(ctx context.Context, cfg Config) (*Bus, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	b := &Bus{cfg: cfg, Names: NamesFor(cfg.Prefix), log: cfg.Logger}
	opts := []nats.Option{
		nats.Name(cfg.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				b.log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { b.log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }),
	}
	var err error
	if cfg.URL == "" {
		b.srv, err = StartEmbedded(cfg.Embedded)
		if err != nil {
			return nil, err
		}
		opts = append(opts, nats.InProcessServer(b.srv))
		b.nc, err = nats.Connect("", opts...)
	} else {
		opts = append(opts, nats.Timeout(5*time.Second), nats.RetryOnFailedConnect(false))
		b.nc, err = nats.Connect(cfg.URL, opts...)
	}
	if err != nil {
		b.shutdownServer()
		return nil, fmt.Errorf("connecting to nats %s: %w", displayURL(cfg.URL), err)
	}
	b.maxPayload = int(b.nc.MaxPayload())
	b.js, err = jetstream.New(b.nc)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("opening jetstream: %w", err)
	}
	if err := b.ensure(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func displayURL(u string) string {
	if u == "" {
		return "(embedded)"
	}
	return u
}

// ensure creates or updates every stream, consumer and bucket. Only
// features of nats-server 2.9 are used, so an older external cluster works.
func (b *Bus) ensure(ctx context.Context) error {
	n := b.Names
	var err error
	// Pages are work: each is extracted once, then removed. Bodies are big,
	// so nothing is kept after the ack.
	b.pages, err = b.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        n.PagesStream,
		Description: "fetched and imported pages waiting for extraction",
		Subjects:    []string{n.PagesSubject + ".>"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    b.cfg.Replicas,
		Duplicates:  time.Hour,
	})
	if err != nil {
		return fmt.Errorf("creating stream %s: %w", n.PagesStream, err)
	}
	// Articles are kept (limits retention) so an index can be rebuilt by
	// replaying the stream with a new consumer.
	b.articles, err = b.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        n.ArticlesStream,
		Description: "extracted, tagged articles",
		Subjects:    []string{n.ArticlesSubject + ".>"},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    b.cfg.Replicas,
		Duplicates:  time.Hour,
		MaxAge:      90 * 24 * time.Hour,
	})
	if err != nil {
		return fmt.Errorf("creating stream %s: %w", n.ArticlesStream, err)
	}
	b.dead, err = b.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        n.DeadStream,
		Description: "messages that failed every try, with their error",
		Subjects:    []string{n.DeadSubject + ".>"},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    b.cfg.Replicas,
	})
	if err != nil {
		return fmt.Errorf("creating stream %s: %w", n.DeadStream, err)
	}
	for _, c := range []struct {
		stream  jetstream.Stream
		name    string
		subject string
	}{
		{b.pages, n.ExtractConsumer, n.PagesSubject + ".>"},
		{b.articles, n.IndexConsumer, n.ArticlesSubject + ".>"},
	} {
		_, err := c.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
			Durable:       c.name,
			Description:   "tieline " + c.name + " workers",
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       b.cfg.AckWait,
			MaxDeliver:    b.cfg.MaxDeliver + 1, // the worker dead-letters on the last try itself
			FilterSubject: c.subject,
			MaxAckPending: 1000,
			DeliverPolicy: jetstream.DeliverAllPolicy,
		})
		if err != nil {
			return fmt.Errorf("creating consumer %s: %w", c.name, err)
		}
	}
	b.state, err = b.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      n.StateBucket,
		Description: "crawl state per URL: last fetch, validators, content hash",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    b.cfg.Replicas,
	})
	if err != nil {
		return fmt.Errorf("creating kv bucket %s: %w", n.StateBucket, err)
	}
	// Locks expire by the bucket's max age: per-key TTLs need nats-server
	// 2.11, and holders refresh well within it.
	b.locks, err = b.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      n.LockBucket,
		Description: "one crawl run per source at a time",
		History:     1,
		TTL:         LockTTL,
		Storage:     jetstream.FileStorage,
		Replicas:    b.cfg.Replicas,
	})
	if err != nil {
		return fmt.Errorf("creating kv bucket %s: %w", n.LockBucket, err)
	}
	b.bodies, err = b.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      n.BodyBucket,
		Description: "page bodies too large for one message",
		Storage:     jetstream.FileStorage,
		Replicas:    b.cfg.Replicas,
		TTL:         7 * 24 * time.Hour,
	})
	if err != nil {
		return fmt.Errorf("creating object store %s: %w", n.BodyBucket, err)
	}
	return nil
}

// Conn returns the underlying connection (for tests and monitoring).
func (b *Bus) Conn() *nats.Conn { return b.nc }

// JetStream returns the JetStream handle (for tests and tools).
func (b *Bus) JetStream() jetstream.JetStream { return b.js }

// Embedded reports whether this bus runs its own server.
func (b *Bus) Embedded() bool { return b.srv != nil }

// ClientURL is the TCP address of the embedded server when it listens, or
// the external URL.
func (b *Bus) ClientURL() string {
	if b.srv != nil {
		if b.cfg.Embedded.Listen == "" {
			return ""
		}
		return b.srv.ClientURL()
	}
	return b.cfg.URL
}

// Close drains the connection (in-flight publishes and acks finish) and
// stops the embedded server. Safe to call more than once.
func (b *Bus) Close() error {
	var err error
	if b.nc != nil && !b.nc.IsClosed() {
		if derr := b.nc.Drain(); derr != nil && !errors.Is(derr, nats.ErrConnectionClosed) {
			err = derr
		}
		deadline := time.Now().Add(10 * time.Second)
		for !b.nc.IsClosed() && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		b.nc.Close()
	}
	b.shutdownServer()
	return err
}

func (b *Bus) shutdownServer() {
	if b.srv != nil {
		b.srv.Shutdown()
		b.srv.WaitForShutdown()
		b.srv = nil
	}
}

// Counts reports pending work, for progress and health.
type Counts struct {
	PagesPending    uint64 // pages not yet extracted
	ArticlesPending uint64 // articles not yet indexed
	Dead            uint64 // messages in the dead-letter stream
}

// Pending returns the number of messages waiting in each stage.
func (b *Bus) Pending(ctx context.Context) (Counts, error) {
	var c Counts
	ci, err := b.pages.Consumer(ctx, b.Names.ExtractConsumer)
	if err != nil {
		return c, fmt.Errorf("reading consumer %s: %w", b.Names.ExtractConsumer, err)
	}
	info, err := ci.Info(ctx)
	if err != nil {
		return c, fmt.Errorf("reading consumer %s: %w", b.Names.ExtractConsumer, err)
	}
	c.PagesPending = info.NumPending + uint64(info.NumAckPending)
	ci, err = b.articles.Consumer(ctx, b.Names.IndexConsumer)
	if err != nil {
		return c, fmt.Errorf("reading consumer %s: %w", b.Names.IndexConsumer, err)
	}
	info, err = ci.Info(ctx)
	if err != nil {
		return c, fmt.Errorf("reading consumer %s: %w", b.Names.IndexConsumer, err)
	}
	c.ArticlesPending = info.NumPending + uint64(info.NumAckPending)
	si, err := b.dead.Info(ctx)
	if err != nil {
		return c, fmt.Errorf("reading stream %s: %w", b.Names.DeadStream, err)
	}
	c.Dead = si.State.Msgs
	return c, nil
}

// Destroy deletes this pipeline's streams, buckets and object store from
// the server (tests on a shared server; `--prefix` clean-ups). Data is
// lost; the Bus is unusable afterwards except for Close.
func (b *Bus) Destroy(ctx context.Context) error {
	var errs []error
	for _, s := range []string{b.Names.PagesStream, b.Names.ArticlesStream, b.Names.DeadStream} {
		if err := b.js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, fmt.Errorf("deleting stream %s: %w", s, err))
		}
	}
	for _, kv := range []string{b.Names.StateBucket, b.Names.LockBucket} {
		if err := b.js.DeleteKeyValue(ctx, kv); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
			errs = append(errs, fmt.Errorf("deleting bucket %s: %w", kv, err))
		}
	}
	if err := b.js.DeleteObjectStore(ctx, b.Names.BodyBucket); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
		errs = append(errs, fmt.Errorf("deleting object store %s: %w", b.Names.BodyBucket, err))
	}
	return errors.Join(errs...)
}
