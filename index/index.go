// Package index is tieline's search index: it owns the bleve mapping of
// pipeline.Article, writes articles in batches (upserting by ID and
// version) and answers searches with filters, facets, timelines and tie
// aggregates. It is the one package that imports bleve.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/tieline/tieline/pipeline"
)

// ErrNotFound is returned by Get for an unknown article ID.
var ErrNotFound = errors.New("article not found")

// ErrNotIndex is returned by Open when the directory holds something other
// than a tieline index.
var ErrNotIndex = errors.New("not a tieline index")

// ErrLocked is returned by Open when another process holds the index.
var ErrLocked = errors.New("index is locked by another process")

// internal key holding mappingVersion.
var keyMappingVersion = []byte("tieline_mapping_version")

// Index is an on-disk article index. It is safe for concurrent use.
type Index struct {
	bi     bleve.Index
	dir    string
	log    *slog.Logger
	putMu  sync.Mutex // serializes the read-versions-then-write of Put
	closed sync.Once
}

// Option configures Open.
type Option func(*options)

type options struct {
	log         *slog.Logger
	lockTimeout time.Duration
}

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithLockTimeout sets how long Open waits for another process to release
// the index before failing with ErrLocked (default 2s).
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.lockTimeout = d
		}
	}
}

// Open opens the index in dir, creating it if dir is missing or empty.
func Open(dir string, opts ...Option) (*Index, error) {
	o := options{log: slog.Default(), lockTimeout: 2 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	runtime := map[string]any{"bolt_timeout": o.lockTimeout.String()}

	create, err := needsCreate(dir)
	if err != nil {
		return nil, err
	}
	var bi bleve.Index
	if create {
		if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
			return nil, fmt.Errorf("creating index %s: %w", dir, err)
		}
		// bleve refuses an existing directory, even an empty one.
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("creating index %s: %w", dir, err)
		}
		bi, err = bleve.NewUsing(dir, buildMapping(), scorch.Name, scorch.Name, runtime)
		if err != nil {
			return nil, fmt.Errorf("creating index %s: %w", dir, err)
		}
		if err := bi.SetInternal(keyMappingVersion, []byte(mappingVersion)); err != nil {
			_ = bi.Close()
			return nil, fmt.Errorf("creating index %s: %w", dir, err)
		}
		o.log.Info("index created", "dir", dir)
	} else {
		bi, err = bleve.OpenUsing(dir, runtime)
		if err != nil {
			if isLockTimeout(err) {
				return nil, fmt.Errorf("opening index %s: %w (waited %s)", dir, ErrLocked, o.lockTimeout)
			}
			return nil, fmt.Errorf("opening index %s: %w", dir, err)
		}
		v, err := bi.GetInternal(keyMappingVersion)
		if err != nil {
			_ = bi.Close()
			return nil, fmt.Errorf("opening index %s: %w", dir, err)
		}
		if string(v) != mappingVersion {
			_ = bi.Close()
			return nil, fmt.Errorf("opening index %s: %w: mapping version %q, this build needs %q; rebuild the index", dir, ErrNotIndex, v, mappingVersion)
		}
		o.log.Debug("index opened", "dir", dir)
	}
	return &Index{bi: bi, dir: dir, log: o.log}, nil
}

// needsCreate reports whether dir must be created, and fails when dir
// exists but does not look like a bleve index.
func needsCreate(dir string) (bool, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("opening index %s: %w", dir, err)
	}
	if !st.IsDir() {
		return false, fmt.Errorf("opening index %s: %w: not a directory", dir, ErrNotIndex)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("opening index %s: %w", dir, err)
	}
	if len(ents) == 0 {
		return true, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return false, fmt.Errorf("opening index %s: %w: the directory has other files (no index_meta.json)", dir, ErrNotIndex)
	}
	return false, nil
}

// Close releases the index; calling it again is a no-op.
func (ix *Index) Close() error {
	var err error
	ix.closed.Do(func() {
		if e := ix.bi.Close(); e != nil {
			err = fmt.Errorf("closing index %s: %w", ix.dir, e)
		}
	})
	return err
}

// Count returns the number of indexed articles.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("counting documents: %w", err)
	}
	return n, nil
}

// Put indexes arts in one batch. An article replaces the indexed one with
// the same ID unless the indexed one has a higher Version, so replaying a
// stream is idempotent and a late old version cannot undo a new one.
// Articles without an ID are rejected.
func (ix *Index) Put(ctx context.Context, arts []pipeline.Article) error {
	if len(arts) == 0 {
		return nil
	}
	// Keep the newest of duplicates within the call (last wins on ties).
	latest := make(map[string]int, len(arts))
	order := make([]string, 0, len(arts))
	for i := range arts {
		id := arts[i].ID
		if id == "" {
			return fmt.Errorf("indexing article %d of %d: empty id", i+1, len(arts))
		}
		j, ok := latest[id]
		if !ok {
			order = append(order, id)
			latest[id] = i
		} else if arts[i].Version >= arts[j].Version {
			latest[id] = i
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	ix.putMu.Lock()
	defer ix.putMu.Unlock()
	have, err := ix.versions(ctx, order)
	if err != nil {
		return err
	}
	b := ix.bi.NewBatch()
	skipped := 0
	for _, id := range order {
		a := &arts[latest[id]]
		if v, ok := have[id]; ok && v > a.Version {
			skipped++
			continue
		}
		d, err := toDoc(a)
		if err != nil {
			return err
		}
		if err := b.Index(id, d); err != nil {
			return fmt.Errorf("indexing article %s: %w", id, err)
		}
	}
	if b.Size() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ix.bi.Batch(b); err != nil {
			return fmt.Errorf("writing batch of %d articles: %w", b.Size(), err)
		}
	}
	ix.log.Debug("index batch written", "articles", b.Size(), "skipped_older", skipped)
	return nil
}

// versions returns the indexed Version of each id that is present.
func (ix *Index) versions(ctx context.Context, ids []string) (map[string]int, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fVersion}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("looking up %d ids: %w", len(ids), err)
	}
	out := make(map[string]int, len(res.Hits))
	for _, h := range res.Hits {
		v, _ := h.Fields[fVersion].(float64)
		out[h.ID] = int(v)
	}
	return out, nil
}

// Has reports which of ids are indexed; every id is a key of the map.
func (ix *Index) Has(ctx context.Context, ids ...string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		out[id] = false
	}
	v, err := ix.versions(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id := range v {
		out[id] = true
	}
	return out, nil
}

// Get returns the full indexed article, or an error wrapping ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (*pipeline.Article, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := ix.bi.Document(id)
	if err != nil {
		return nil, fmt.Errorf("reading article %s: %w", id, err)
	}
	if d == nil {
		return nil, fmt.Errorf("reading article %s: %w", id, ErrNotFound)
	}
	var js, text []byte
	d.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fArticle:
			js = f.Value()
		case fText:
			text = f.Value()
		}
	})
	if js == nil {
		return nil, fmt.Errorf("reading article %s: no stored article", id)
	}
	var a pipeline.Article
	if err := json.Unmarshal(js, &a); err != nil {
		return nil, fmt.Errorf("decoding article %s: %w", id, err)
	}
	a.Text = string(text)
	return &a, nil
}

// isLockTimeout recognizes bolt's lock timeout; bleve does not wrap it, so
// the message is all there is to go on.
func isLockTimeout(err error) bool {
	return err != nil && strings.HasSuffix(err.Error(), "timeout")
}
