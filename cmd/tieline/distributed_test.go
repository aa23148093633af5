package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tieline/tieline/pipeline/natsbus"
)

// externalURL returns a NATS server for distributed-mode tests: the one
// named by TIELINE_TEST_NATS_URL, else an embedded server listening on a
// free loopback port, standing in for a cluster.
func externalURL(t *testing.T) string {
	if u := os.Getenv("TIELINE_TEST_NATS_URL"); u != "" {
		return u
	}
	b, err := natsbus.Open(t.Context(), natsbus.Config{Prefix: "standin",
		Embedded: natsbus.EmbeddedOptions{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b.ClientURL()
}

// TestDistributedRoles runs the stages as separate "processes" against one
// broker: an extractor, an indexer with the API, and an import that only
// publishes; the imported files become searchable.
func TestDistributedRoles(t *testing.T) {
	url := externalURL(t)
	dir := t.TempDir()
	prefix := uniquePrefix()
	t.Cleanup(func() { destroy(t, url, prefix) })
	cfg := filepath.Join(dir, "tieline.yaml")
	conf := fmt.Sprintf("data: %s\nnats: {url: %q, prefix: %s, ack_wait: 5s}\npipeline: {index_flush: 100ms}\n",
		filepath.Join(dir, "data"), url, prefix)
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var logs syncBuffer
	env := &Env{Stdout: &logs, Stderr: &logs}
	done := make(chan int, 2)
	go func() { done <- Main(ctx, []string{"run", "--config", cfg, "--roles", "extract"}, env) }()
	addrc := make(chan string, 1)
	go func() {
		done <- Main(ctx, []string{"run", "--config", cfg, "--roles", "index,http", "--http", "127.0.0.1:0"},
			&Env{Stdout: &logs, Stderr: &logs, Listening: func(a string) { addrc <- a }})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(30 * time.Second):
		t.Fatalf("indexer did not start:\n%s", logs.String())
	}

	files := filepath.Join(dir, "in")
	if err := os.MkdirAll(files, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		"Tver region and Vitebsk oblast sign a roadmap\n\nTver region and Vitebsk oblast of Belarus signed a cooperation roadmap.",
		"Khabarovsk Krai delegation visits Heilongjiang\n\nA delegation of Khabarovsk Krai visited China's Heilongjiang province.",
	} {
		if err := os.WriteFile(filepath.Join(files, fmt.Sprintf("%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code := Main(ctx, []string{"import", "--config", cfg, "--publish-only", files}, env); code != 0 {
		t.Fatalf("import --publish-only exited %d:\n%s", code, logs.String())
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, _ := search(t, addr, "q=")
		if res.Total == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("indexed %d of 2 documents:\n%s", res.Total, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	res, _ := search(t, addr, "region=RU-TVE")
	if res.Total != 1 || !contains(res.Hits[0].Regions, "BY-VI") {
		t.Errorf("region=RU-TVE: %+v, want the Tver article tagged BY-VI", res)
	}
	cancel()
	for range 2 {
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("a role exited %d:\n%s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("roles did not shut down")
		}
	}
}

func TestRolesNeedExternalBroker(t *testing.T) {
	var out syncBuffer
	code := Main(t.Context(), []string{"run", "--roles", "extract", "--data", t.TempDir()}, &Env{Stdout: &out, Stderr: &out})
	if code != exitUsage {
		t.Errorf("run --roles extract with the embedded broker exited %d, want %d", code, exitUsage)
	}
}
