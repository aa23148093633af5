package configs

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGoodConfigs(t *testing.T) {
	files, _ := filepath.Glob("testdata/good/*.yaml")
	files = append(files, "tieline.yaml")
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			cfg, err := Load(f)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(cfg.Sources) == 0 {
				t.Errorf("no sources loaded")
			}
		})
	}
}

func TestFullConfig(t *testing.T) {
	cfg, err := Load("testdata/good/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.SourceNames(); strings.Join(got, ",") != "belta-en,extra-site" {
		t.Errorf("sources = %v, want belta-en and the included extra-site", got)
	}
	if cfg.NATS.AckWait.String() != "30s" || cfg.Pipeline.ExtractWorkers != 4 || cfg.Log.Format != "json" {
		t.Errorf("values not decoded: %+v %+v %+v", cfg.NATS, cfg.Pipeline, cfg.Log)
	}
	// Keys a file leaves out keep their defaults.
	if cfg.NATS.Replicas != 1 || cfg.Crawl.Retries != Default().Crawl.Retries {
		t.Errorf("defaults lost: replicas=%d retries=%d", cfg.NATS.Replicas, cfg.Crawl.Retries)
	}
	src, ok := cfg.Source("belta-en")
	if !ok || src.Timeout.String() != "10s" {
		t.Errorf("source does not inherit crawl defaults: %+v", src)
	}
}

// TestBadConfigs checks that each bad file fails with the errors its
// "# want:" lines name (file, line, key path and message prefix).
func TestBadConfigs(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) == 0 {
		t.Fatal("no bad configs")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			wants := wantLines(t, f)
			_, err := Load(f)
			if err == nil {
				t.Fatalf("Load succeeded, want errors %q", wants)
			}
			got := strings.ReplaceAll(err.Error(), "testdata/", "")
			for _, w := range wants {
				if !strings.Contains(got, w) {
					t.Errorf("error\n%s\ndoes not contain %q", got, w)
				}
			}
		})
	}
}

func wantLines(t *testing.T, f string) []string {
	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if w, ok := strings.CutPrefix(sc.Text(), "# want: "); ok {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s has no # want: line", f)
	}
	return out
}

func TestBuiltin(t *testing.T) {
	cfg, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(cfg.SourceNames(), " ")
	for _, want := range []string{"tass-en", "tass-ru", "ria-ru", "belta-en", "sputnik-en", "interfax-ru"} {
		if !strings.Contains(names, want) {
			t.Errorf("built-in config lacks source %s", want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, g := range []string{"testdata/good/full.yaml", "testdata/bad/bad-types.yaml", "tieline.yaml"} {
		b, _ := os.ReadFile(g)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse("fuzz.yaml", data) // must not panic
	})
}
