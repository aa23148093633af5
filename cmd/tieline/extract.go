package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/tieline/tieline/extractors/article"
	"github.com/tieline/tieline/pipeline"
)

// cmdExtract runs the pipeline's extraction code on files, offline.
func cmdExtract(ctx context.Context, args []string, env *Env) error {
	fs := newFlags(env, "extract", "extract [--format jsonl|json] FILE...  (- reads stdin)")
	format := fs.String("format", "jsonl", "output format: jsonl (one object per line) or json (an indented array)")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: want jsonl or json", *format)}
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageError{"no files given (use - for stdin)"}
	}

	type result struct {
		out []byte
		err error
	}
	results := make([]chan result, len(files))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	var stdinOnce sync.Once
	readInput := func(name string) ([]byte, error) {
		if name == "-" {
			var b []byte
			var err error
			stdinOnce.Do(func() { b, err = io.ReadAll(env.Stdin) })
			return b, err
		}
		return os.ReadFile(name)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				name := files[i]
				body, err := readInput(name)
				if err != nil {
					results[i] <- result{err: fmt.Errorf("reading %s: %w", name, err)}
					continue
				}
				a, err := article.Extract(pipeline.Page{ID: pipeline.ContentID(body), Input: name, Body: body, FetchedAt: time.Now()})
				if err != nil {
					results[i] <- result{err: fmt.Errorf("extracting %s: %w", name, err)}
					continue
				}
				a.Input = name
				out, err := json.Marshal(a)
				results[i] <- result{out: out, err: err}
			}
		})
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				for j := i; j < len(files); j++ {
					results[j] <- result{err: ctx.Err()}
				}
				return
			}
		}
	}()

	w := bufio.NewWriter(env.Stdout)
	defer w.Flush()
	failed := 0
	if *format == "json" {
		w.WriteString("[\n")
	}
	for i, name := range files {
		r := <-results[i]
		if r.err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "tieline extract: %v\n", r.err)
			r.out, _ = json.Marshal(map[string]string{"input": name, "error": r.err.Error()})
		}
		if *format == "json" {
			if i > 0 {
				w.WriteString(",\n")
			}
		}
		w.Write(r.out)
		if *format == "jsonl" {
			w.WriteByte('\n')
		}
	}
	if *format == "json" {
		w.WriteString("\n]\n")
	}
	wg.Wait()
	if failed > 0 {
		w.Flush()
		fmt.Fprintf(env.Stderr, "tieline extract: %d of %d inputs failed\n", failed, len(files))
		return errReported
	}
	return nil
}
