package index

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/tieline/tieline/pipeline"
)

// loadDocs reads testdata/<set>/docs.jsonl.
func loadDocs(t testing.TB, set string) []pipeline.Article {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", set, "docs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pipeline.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a pipeline.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("docs.jsonl line %d: %v", len(out)+1, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// openWith opens a fresh index in a temp dir holding arts.
func openWith(t testing.TB, arts []pipeline.Article) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Put(t.Context(), arts); err != nil {
		t.Fatal(err)
	}
	return ix
}

var quietLog = slog.New(slog.DiscardHandler)

// tempDirOutsideTest returns a directory for the index shared by
// benchmarks (b.TempDir would vanish after the first sub-benchmark).
func tempDirOutsideTest() (string, error) {
	d, err := os.MkdirTemp("", "tieline-bench-")
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "index"), nil
}

func TestMain(m *testing.M) {
	slog.SetDefault(quietLog)
	code := m.Run()
	if benchIx != nil {
		dir := benchIx.dir
		benchIx.Close()
		os.RemoveAll(filepath.Dir(dir))
	}
	os.Exit(code)
}
