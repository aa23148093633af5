// Package configs loads and validates tieline's YAML configuration: strict
// (an unknown key is an error naming its path and line), defaults filled
// in, then a Validate pass with no I/O. `tieline config check` runs it.
package configs

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tieline/tieline/pipeline/crawl"
)

// Config is the whole configuration of a tieline deployment.
type Config struct {
	// Data is the data directory: DATA/nats (embedded broker), DATA/index
	// (search index), DATA/warc (raw archive). Relative to the working
	// directory.
	Data     string         `yaml:"data"`
	HTTP     HTTP           `yaml:"http"`
	NATS     NATS           `yaml:"nats"`
	Pipeline Pipeline       `yaml:"pipeline"`
	Log      Log            `yaml:"log"`
	Crawl    crawl.Settings `yaml:"crawl"`
	// Include lists more files of sources (globs, relative to this file),
	// each holding a `sources:` list.
	Include []string       `yaml:"include"`
	Sources []crawl.Source `yaml:"sources"`

	file  string
	lines map[string]lines // per file, for locating Validate errors
	from  []string         // which file each source came from
}

// HTTP configures the search endpoint.
type HTTP struct {
	Addr string `yaml:"addr"` // listen address; ":0" picks a free port
	// CORSOrigin is sent as Access-Control-Allow-Origin for dashboards.
	CORSOrigin string `yaml:"cors_origin"`
}

// NATS configures the broker.
type NATS struct {
	// URL of an external NATS server (nats://host:4222, several comma
	// separated). Empty: an embedded server under DATA/nats.
	URL string `yaml:"url"`
	// Prefix of streams, subjects and buckets.
	Prefix string `yaml:"prefix"`
	// Listen makes the embedded server also accept TCP clients
	// ("127.0.0.1:0" picks a port), e.g. for `nats` CLI inspection.
	Listen     string          `yaml:"listen"`
	AckWait    time.Duration   `yaml:"ack_wait"`
	MaxDeliver int             `yaml:"max_deliver"`
	Backoff    []time.Duration `yaml:"backoff"`
	Replicas   int             `yaml:"replicas"`
}

// Pipeline sizes the stages.
type Pipeline struct {
	ExtractWorkers int           `yaml:"extract_workers"`
	IndexBatch     int           `yaml:"index_batch"`
	IndexFlush     time.Duration `yaml:"index_flush"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// Default returns the configuration used for keys a file leaves out.
func Default() Config {
	return Config{
		Data:     "data",
		HTTP:     HTTP{Addr: "127.0.0.1:8080", CORSOrigin: "*"},
		NATS:     NATS{Prefix: "tieline", AckWait: time.Minute, MaxDeliver: 5, Replicas: 1},
		Pipeline: Pipeline{ExtractWorkers: 2, IndexBatch: 200, IndexFlush: time.Second},
		Log:      Log{Level: "info", Format: "text"},
		Crawl:    crawl.DefaultSettings(),
	}
}

// Load reads, decodes and validates a config file and its includes.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates config bytes; path names the file in errors
// and anchors includes.
func Parse(path string, data []byte) (*Config, error) {
	cfg := Default()
	ln, errs := decodeStrict(path, data, &cfg)
	if len(errs) > 0 {
		return nil, errs
	}
	cfg.file = path
	cfg.lines = map[string]lines{path: ln}
	for range cfg.Sources {
		cfg.from = append(cfg.from, path)
	}
	if err := cfg.loadIncludes(); err != nil {
		return nil, err
	}
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, errs
	}
	return &cfg, nil
}

// sourceFile is the shape of an included file.
type sourceFile struct {
	Sources []crawl.Source `yaml:"sources"`
}

func (c *Config) loadIncludes() error {
	var errs Errors
	base := filepath.Dir(c.file)
	for i, pat := range c.Include {
		if !filepath.IsAbs(pat) {
			pat = filepath.Join(base, pat)
		}
		files, err := filepath.Glob(pat)
		if err != nil {
			errs = append(errs, Error{File: c.file, Line: c.lines[c.file].line(fmt.Sprintf("include[%d]", i)),
				Path: fmt.Sprintf("include[%d]", i), Msg: "bad pattern: " + err.Error()})
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				errs = append(errs, Error{File: f, Msg: err.Error()})
				continue
			}
			var sf sourceFile
			ln, ferrs := decodeStrict(f, data, &sf)
			if len(ferrs) > 0 {
				errs = append(errs, ferrs...)
				continue
			}
			// Paths in an included file are renumbered into the whole list.
			off := len(c.Sources)
			shifted := lines{}
			for p, l := range ln {
				shifted[shiftIndex(p, off)] = l
			}
			c.lines[f] = shifted
			c.Sources = append(c.Sources, sf.Sources...)
			for range sf.Sources {
				c.from = append(c.from, f)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

var srcIndexRE = regexp.MustCompile(`^sources\[(\d+)\]`)

func shiftIndex(path string, off int) string {
	m := srcIndexRE.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	var n int
	fmt.Sscanf(m[1], "%d", &n)
	return fmt.Sprintf("sources[%d]", n+off) + path[len(m[0]):]
}

// at builds an Error located at path in the file that defined it.
func (c *Config) at(path, format string, args ...any) Error {
	file := c.file
	if m := srcIndexRE.FindStringSubmatch(path); m != nil {
		var n int
		fmt.Sscanf(m[1], "%d", &n)
		if n < len(c.from) {
			file = c.from[n]
		}
	}
	var line int
	if ln, ok := c.lines[file]; ok {
		line = ln.line(path)
	}
	return Error{File: file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Validate checks values without any I/O and fills source defaults.
func (c *Config) Validate() Errors {
	var errs Errors
	if c.Data == "" {
		errs = append(errs, c.at("data", "must not be empty"))
	}
	if c.HTTP.Addr != "" {
		if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
			errs = append(errs, c.at("http.addr", "want host:port (\":8080\", \"127.0.0.1:0\"): %v", err))
		}
	}
	if c.NATS.URL != "" {
		for _, u := range strings.Split(c.NATS.URL, ",") {
			u = strings.TrimSpace(u)
			if !strings.Contains(u, "://") && !strings.Contains(u, ":") {
				errs = append(errs, c.at("nats.url", "want nats://host:port, got %q", u))
			}
		}
	}
	if c.NATS.Prefix == "" || !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(c.NATS.Prefix) {
		errs = append(errs, c.at("nats.prefix", "want letters, digits, '-' or '_', got %q", c.NATS.Prefix))
	}
	if c.NATS.Listen != "" {
		if _, _, err := net.SplitHostPort(c.NATS.Listen); err != nil {
			errs = append(errs, c.at("nats.listen", "want host:port: %v", err))
		}
	}
	if c.NATS.AckWait < time.Second {
		errs = append(errs, c.at("nats.ack_wait", "must be at least 1s, got %s", c.NATS.AckWait))
	}
	if c.NATS.MaxDeliver < 1 {
		errs = append(errs, c.at("nats.max_deliver", "must be at least 1, got %d", c.NATS.MaxDeliver))
	}
	for i, d := range c.NATS.Backoff {
		if d <= 0 {
			errs = append(errs, c.at(fmt.Sprintf("nats.backoff[%d]", i), "must be positive, got %s", d))
		}
	}
	if c.NATS.Replicas < 1 || c.NATS.Replicas > 5 {
		errs = append(errs, c.at("nats.replicas", "must be 1 to 5, got %d", c.NATS.Replicas))
	}
	if c.Pipeline.ExtractWorkers < 1 {
		errs = append(errs, c.at("pipeline.extract_workers", "must be at least 1"))
	}
	if c.Pipeline.IndexBatch < 1 || c.Pipeline.IndexBatch > 10000 {
		errs = append(errs, c.at("pipeline.index_batch", "must be 1 to 10000"))
	}
	if c.Pipeline.IndexFlush <= 0 {
		errs = append(errs, c.at("pipeline.index_flush", "must be positive"))
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, c.at("log.level", "want debug, info, warn or error, got %q", c.Log.Level))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		errs = append(errs, c.at("log.format", "want text or json, got %q", c.Log.Format))
	}
	errs = append(errs, c.validateCrawl()...)
	seen := map[string]int{}
	for i := range c.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		s := &c.Sources[i]
		if j, dup := seen[s.Name]; dup && s.Name != "" {
			errs = append(errs, c.at(p+".name", "duplicate source name %q (also sources[%d])", s.Name, j))
		}
		seen[s.Name] = i
		for _, fe := range s.Validate() {
			errs = append(errs, c.at(join(p, fe.Path), "%s", fe.Message))
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].File != errs[j].File {
			return false
		}
		return errs[i].Line < errs[j].Line
	})
	return errs
}

// validateCrawl checks the crawl defaults. Negative politeness delay and
// retries are allowed: they mean none.
func (c *Config) validateCrawl() Errors {
	var errs Errors
	g := c.Crawl
	nonNeg := []struct {
		path string
		v    int64
	}{
		{"crawl.timeout", int64(g.Timeout)},
		{"crawl.max_body", int64(g.MaxBody)},
		{"crawl.max_depth", int64(g.MaxDepth)},
		{"crawl.max_pages", int64(g.MaxPages)},
		{"crawl.max_redirects", int64(g.MaxRedirects)},
		{"crawl.backoff", int64(g.Backoff)},
		{"crawl.max_retry_after", int64(g.MaxRetryAfter)},
		{"crawl.max_crawl_delay", int64(g.MaxCrawlDelay)},
		{"crawl.lock_ttl", int64(g.LockTTL)},
		{"crawl.politeness.parallelism", int64(g.Politeness.Parallelism)},
	}
	for _, f := range nonNeg {
		if f.v < 0 {
			errs = append(errs, c.at(f.path, "must not be negative"))
		}
	}
	if g.UserAgent != "" && !strings.Contains(g.UserAgent, "http") && !strings.Contains(g.UserAgent, "@") {
		errs = append(errs, c.at("crawl.user_agent", "should name a contact URL or e-mail so that site operators can reach you"))
	}
	return errs
}

// Source returns the named source with the crawl defaults applied.
func (c *Config) Source(name string) (crawl.Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s.WithDefaults(c.Crawl), true
		}
	}
	return crawl.Source{}, false
}

// EnabledSources returns the sources to schedule, defaults applied.
func (c *Config) EnabledSources() []crawl.Source {
	var out []crawl.Source
	for _, s := range c.Sources {
		s = s.WithDefaults(c.Crawl)
		if s.IsEnabled() {
			out = append(out, s)
		}
	}
	return out
}

// SourceNames lists the configured source names.
func (c *Config) SourceNames() []string {
	out := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		out[i] = s.Name
	}
	return out
}
