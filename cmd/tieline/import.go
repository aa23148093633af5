package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/tieline/tieline/extractors/article"
	"github.com/tieline/tieline/pipeline"
	"github.com/tieline/tieline/warc"
)

// cmdImport pushes local files through the pipeline into the index and
// exits when every one is indexed (or dead-lettered with its error).
func cmdImport(ctx context.Context, args []string, env *Env) error {
	fs := newFlags(env, "import", "import [--config FILE] [--data DIR] [--nats URL] PATH...  (files or folders: HTML, text, JSON lines of articles, WARC)")
	var c common
	c.register(fs)
	source := fs.String("source", "file", "source name recorded on imported articles")
	publishOnly := fs.Bool("publish-only", false, "publish and exit without waiting (distributed mode: other processes extract and index)")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no paths given"}
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	log := newLogger(cfg, env)
	files, err := collectFiles(fs.Args())
	if err != nil {
		return err
	}
	r := allRoles()
	r.crawl, r.http = false, false
	if *publishOnly {
		r = roles{}
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
	if !*publishOnly {
		if w, err = newWaiter(s.bus); err != nil {
			return err
		}
		defer w.stop()
	}
	bar := newProgress(env, len(files))
	start := time.Now()
	var published, dups, failed int
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		err := readPages(f, *source, func(p pipeline.Page) error {
			if w != nil {
				w.add(p.ID, p.Version)
			}
			dup, err := s.bus.PublishPage(ctx, p)
			if err != nil {
				return err
			}
			published++
			if dup {
				dups++
			}
			return nil
		})
		if err != nil {
			failed++
			log.Error("import: file skipped", "file", f, "err", err)
		}
		bar.published(1)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if *publishOnly {
		fmt.Fprintf(env.Stderr, "import: %d files, %d documents published (%d already queued), %d files failed, in %s\n",
			len(files), published, dups, failed, time.Since(start).Round(time.Millisecond))
		return nil
	}
	total := w.total()
	bar.indexing(total)
	last := time.Now()
	err = w.wait(ctx, s.ix, func(left int) {
		bar.indexed(total - left)
		if !bar.tty && time.Since(last) > 2*time.Second {
			last = time.Now()
			log.Info("import progress", "indexed", total-left-w.deadCount(), "dead", w.deadCount(), "total", total)
		}
	})
	bar.finish()
	if err != nil {
		return err
	}
	w.mu.Lock()
	dead := len(w.dead)
	for id, e := range w.dead {
		log.Error("import: not indexed", "id", id, "err", e)
	}
	w.mu.Unlock()
	fmt.Fprintf(env.Stderr, "import: %d files, %d documents: %d indexed, %d failed extraction (see tieline dead), %d files unreadable, in %s\n",
		len(files), total, total-dead, dead, failed, time.Since(start).Round(time.Millisecond))
	if failed > 0 || dead > 0 {
		return errReported
	}
	return nil
}

// collectFiles expands folders recursively, in a stable order.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != p {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && !strings.HasPrefix(d.Name(), ".") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walking %s: %w", p, err)
		}
	}
	return out, nil
}

// readPages turns one file into pages: a WARC file gives its HTML
// responses, a JSON-lines file its articles, any other file itself.
func readPages(path, source string, emit func(pipeline.Page) error) error {
	name := strings.ToLower(path)
	switch {
	case strings.HasSuffix(name, ".warc"), strings.HasSuffix(name, ".warc.gz"),
		strings.HasSuffix(name, ".arc"), strings.HasSuffix(name, ".arc.gz"):
		return readWARC(path, source, emit)
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"):
		return readJSONL(path, source, emit)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return emit(pipeline.Page{ID: pipeline.ContentID(body), Source: source, Input: path, FetchedAt: time.Now(), Body: body})
}

func readJSONL(path, source string, emit func(pipeline.Page) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var head struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return fmt.Errorf("line %d: not a JSON object: %w", n, err)
		}
		id := head.ID
		if id == "" && head.URL != "" {
			id = pipeline.StableID(head.URL)
		}
		if id == "" {
			id = pipeline.ContentID(line)
		}
		p := pipeline.Page{ID: id, URL: head.URL, Source: source, Input: fmt.Sprintf("%s:%d", path, n),
			ContentType: article.JSONContentType, FetchedAt: time.Now(), Body: bytes.Clone(line)}
		if err := emit(p); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	return nil
}

func readWARC(path, source string, emit func(pipeline.Page) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := warc.NewReader(f)
	if err != nil {
		return err
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err // records before the damage were already emitted
		}
		if rec.Type() != "response" {
			continue
		}
		resp, err := rec.HTTPResponse()
		if err != nil {
			slog.Warn("import: warc record skipped", "file", path, "record", rec.Number, "err", err)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			continue
		}
		ct := resp.Header.Get("Content-Type")
		if ct != "" && !strings.Contains(ct, "html") && !strings.Contains(ct, "text/plain") {
			continue
		}
		u := rec.Header.TargetURI()
		p := pipeline.Page{ID: pipeline.StableID(u), URL: u, Source: source, Input: path,
			ContentType: ct, FetchedAt: rec.Header.Date(), Body: body}
		if err := emit(p); err != nil {
			return err
		}
	}
}

// progress is a bar on a terminal and nothing otherwise (a summary line is
// printed at the end either way).
type progress struct {
	tty bool
	bar *progressbar.ProgressBar
}

func newProgress(env *Env, files int) *progress {
	p := &progress{}
	if f, ok := env.Stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
			p.bar = progressbar.NewOptions(files, progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription("publishing"), progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
		}
	}
	return p
}

func (p *progress) published(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// indexing switches the bar from files published to documents indexed.
func (p *progress) indexing(total int) {
	if p.bar != nil {
		p.bar.Reset()
		p.bar.ChangeMax(total)
		p.bar.Describe("indexing")
	}
}

func (p *progress) indexed(done int) {
	if p.bar != nil {
		_ = p.bar.Set(done)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
