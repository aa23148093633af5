package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tieline/tieline/index"
	"github.com/tieline/tieline/pipeline"
	"github.com/tieline/tieline/warc"
)

// importFixture writes n distinct article files and a config for them.
func importFixture(t *testing.T, n int) (cfg, docs string, ids []string) {
	t.Helper()
	dir := t.TempDir()
	docs = filepath.Join(dir, "docs")
	if err := os.MkdirAll(filepath.Join(docs, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	regions := []string{"Perm Krai", "the Republic of Tatarstan", "Sverdlovsk Region", "Novosibirsk Region", "Krasnodar Krai"}
	countries := []string{"Belarus", "France", "Kazakhstan", "China", "Uzbekistan"}
	for i := range n {
		body := fmt.Sprintf("%s and %s sign cooperation roadmap no. %d\n\n"+
			"MINSK, 12 May (BelTA) – A delegation of %s visited %s to discuss industrial cooperation, "+
			"the regional government said. The sides signed %d agreements worth $%d million.\n",
			regions[i%5], countries[i%5], i, regions[i%5], countries[i%5], i%7+2, 10+i)
		sub := docs
		if i%2 == 1 {
			sub = filepath.Join(docs, "sub") // folders are read recursively
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("doc%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pipeline.ContentID([]byte(body)))
	}
	cfg = filepath.Join(dir, "tieline.yaml")
	conf := fmt.Sprintf("data: %s\nnats: {prefix: imp, ack_wait: 2s}\npipeline: {extract_workers: 2, index_batch: 5, index_flush: 100ms}\n",
		filepath.Join(dir, "data"))
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg, docs, ids
}

// TestImportKilledHalfWay kills `tieline import` with SIGKILL while it is
// indexing, runs it again, and checks that every file is in the index
// exactly once.
func TestImportKilledHalfWay(t *testing.T) {
	const n = 40
	cfg, docs, ids := importFixture(t, n)

	cmd := exec.Command(os.Args[0], "import", "--config", cfg, docs)
	cmd.Env = append(os.Environ(), "TIELINE_TEST_MAIN=1", "TIELINE_TEST_EXTRACT_DELAY=150ms")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Progress lines come every 2s; kill at the first that shows some,
	// but not all, documents indexed.
	killed := false
	sc := bufio.NewScanner(stderr)
	var seen []string
	for sc.Scan() {
		line := sc.Text()
		seen = append(seen, line)
		if strings.Contains(line, "import progress") && !strings.Contains(line, "indexed=0 ") {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("import finished before it could be killed (%v):\n%s", err, strings.Join(seen, "\n"))
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("import was not killed: %v", cmd.ProcessState)
	}

	// Second run, in process, without the delay: it must finish the job.
	var out syncBuffer
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	if code := Main(ctx, []string{"import", "--config", cfg, docs}, &Env{Stdout: &out, Stderr: &out}); code != 0 {
		t.Fatalf("second import exited %d:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("%d documents: %d indexed", n, n)) {
		t.Errorf("summary line missing or wrong:\n%s", out.String())
	}

	ix, err := index.Open(filepath.Join(filepath.Dir(cfg), "data", "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	count, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Errorf("index holds %d documents, want exactly %d", count, n)
	}
	have, err := ix.Has(t.Context(), ids...)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		if !have[id] {
			t.Errorf("doc%03d (%s) not indexed", i, id)
		}
	}
}

// TestImportKinds imports a folder holding HTML, plain text, JSON lines of
// articles and a WARC file, and finds each document in the index.
func TestImportKinds(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "in")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join("testdata", "site", "article2.html"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(docs, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tatarstan.html", html)
	write("note.txt", []byte("Perm Krai and Belarus\n\nPerm Krai and Belarus agreed to expand trade.\n"))
	write("articles.jsonl", []byte(`{"url":"https://eng.belta.by/regions/view/1","title":"Minsk Oblast and Ryazan Oblast sign roadmap","text":"Minsk Oblast and Ryazan Oblast signed a cooperation roadmap.","published":"2024-03-01T10:00:00+03:00"}
{"title":"Sverdlovsk Region delegation in Kazakhstan","text":"A delegation of Sverdlovsk Region visited Kazakhstan."}
`))
	ww, err := warc.NewWriter(docs, "crawl")
	if err != nil {
		t.Fatal(err)
	}
	page := []byte("<html><head><title>Krasnodar Krai and Uzbekistan</title></head><body><article><h1>Krasnodar Krai and Uzbekistan</h1><p>Krasnodar Krai and Uzbekistan signed an agreement on agricultural cooperation, the regional administration said on Monday.</p></article></body></html>")
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	if err := ww.WriteResponse("https://tass.com/economy/123", time.Now(), "HTTP/1.1 200 OK", hdr, page); err != nil {
		t.Fatal(err)
	}
	if err := ww.Close(); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "tieline.yaml")
	if err := os.WriteFile(cfg, []byte("data: "+filepath.Join(dir, "data")+"\npipeline: {index_flush: 100ms}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	if code := Main(t.Context(), []string{"import", "--config", cfg, docs}, &Env{Stdout: &out, Stderr: &out}); code != 0 {
		t.Fatalf("import exited %d:\n%s", code, out.String())
	}
	ix, err := index.Open(filepath.Join(dir, "data", "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := map[string]string{ // region code -> how the document came
		"RU-TA":  "html file",
		"RU-PER": "text file",
		"RU-RYA": "jsonl line with url",
		"RU-SVE": "jsonl line without url",
		"RU-KDA": "warc response",
	}
	for region, how := range want {
		res, err := ix.Search(t.Context(), index.Query{Regions: []string{region}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("%s (%s): %d hits, want 1", region, how, res.Total)
		}
	}
	a, err := ix.Get(t.Context(), pipeline.StableID("https://eng.belta.by/regions/view/1"))
	if err != nil {
		t.Fatalf("jsonl article not under the id of its url: %v", err)
	}
	if a.Title != "Minsk Oblast and Ryazan Oblast sign roadmap" || a.Published.Year() != 2024 {
		t.Errorf("jsonl article lost its metadata: %q %v", a.Title, a.Published)
	}
	if n, _ := ix.Count(); n != 5 {
		t.Errorf("index holds %d documents, want 5", n)
	}
}
