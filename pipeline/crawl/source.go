package crawl

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/tieline/tieline/pipeline"
)

// Source is one site to crawl, as configured under `sources:` (or in
// configs/sources/*.yaml). Zero fields inherit from Settings through
// WithDefaults.
type Source struct {
	Name           string   `yaml:"name"`            // unique, [a-zA-Z0-9_-]+: used in lock keys and logs
	Agency         string   `yaml:"agency"`          // "TASS", "BelTA"
	Language       string   `yaml:"language"`        // "en", "ru"; a hint for extraction
	StartURLs      []string `yaml:"start_urls"`      // listing pages (section fronts, archives)
	Feeds          []string `yaml:"feeds"`           // RSS 2.0 / Atom
	Sitemaps       []string `yaml:"sitemaps"`        // sitemap indexes, news sitemaps, .xml.gz
	AllowedDomains []string `yaml:"allowed_domains"` // hosts (and their subdomains) to stay on; default: hosts of the seeds
	// Articles decides which URLs are articles (published) rather than
	// listings (followed for links).
	Articles Patterns `yaml:"articles"`
	// Skip lists regexps of URLs never requested: traps such as
	// calendars, search and print pages. Built-in trap patterns apply too.
	Skip         []string            `yaml:"skip"`
	MaxDepth     int                 `yaml:"max_depth"`     // listing hops from a start URL; 0 = default
	MaxPages     int                 `yaml:"max_pages"`     // HTTP requests per run; 0 = default
	RecheckAfter time.Duration       `yaml:"recheck_after"` // re-fetch known articles (conditionally) older than this; 0 = only when a feed/sitemap says updated
	Schedule     Schedule            `yaml:"schedule"`
	Politeness   Politeness          `yaml:"politeness"`
	UserAgent    string              `yaml:"user_agent"` // must name a contact URL
	Timeout      time.Duration       `yaml:"timeout"`    // per request
	MaxBody      ByteSize            `yaml:"max_body"`   // larger responses are skipped, not truncated
	Retries      int                 `yaml:"retries"`    // extra attempts on 429/503/timeouts; -1 = none
	Selectors    *pipeline.Selectors `yaml:"selectors"`
	Enabled      *bool               `yaml:"enabled"` // nil = enabled
}

// Patterns are allow/deny regexps matched against canonical URLs; a URL
// matches when it matches some Allow (or Allow is empty) and no Deny.
type Patterns struct {
	Allow []string `yaml:"allow"`
	Deny  []string `yaml:"deny"`
}

// Schedule says when a source runs: every Every plus a random Jitter, or
// on a cron expression (5 fields or @hourly/@every 15m descriptors).
type Schedule struct {
	Every  time.Duration `yaml:"every"`
	Jitter time.Duration `yaml:"jitter"`
	Cron   string        `yaml:"cron"`
}

// IsZero reports whether no schedule is set (the source only runs on demand).
func (s Schedule) IsZero() bool { return s.Every == 0 && s.Cron == "" }

// Politeness bounds the load put on one host. A robots.txt Crawl-delay
// larger than Delay wins.
type Politeness struct {
	Delay       time.Duration `yaml:"delay"`       // between request starts to one host
	Parallelism int           `yaml:"parallelism"` // concurrent requests to one host
}

// WARC configures the raw response archive.
type WARC struct {
	Enabled bool   `yaml:"enabled"`
	Dir     string `yaml:"dir"`
}

// Settings are the crawl-wide defaults that sources inherit, under
// `crawl:` in the config.
type Settings struct {
	UserAgent     string        `yaml:"user_agent"`
	Timeout       time.Duration `yaml:"timeout"`
	Politeness    Politeness    `yaml:"politeness"`
	MaxBody       ByteSize      `yaml:"max_body"`
	Retries       int           `yaml:"retries"`
	MaxDepth      int           `yaml:"max_depth"`
	MaxPages      int           `yaml:"max_pages"`
	MaxRedirects  int           `yaml:"max_redirects"`
	Backoff       time.Duration `yaml:"backoff"`         // first retry wait after a timeout or connection error; doubles
	MaxRetryAfter time.Duration `yaml:"max_retry_after"` // longer Retry-After values end the URL's attempts for this run
	MaxCrawlDelay time.Duration `yaml:"max_crawl_delay"` // cap on robots.txt Crawl-delay
	LockTTL       time.Duration `yaml:"lock_ttl"`        // how long a run lock is held at most
	WARC          WARC          `yaml:"warc"`
}

// DefaultUserAgent identifies tieline and how to reach its operators.
const DefaultUserAgent = "tieline/0.1 (+https://github.com/tieline/tieline; research crawler)"

// DefaultSettings returns the built-in defaults, used for every zero field
// of Settings.
func DefaultSettings() Settings {
	return Settings{
		UserAgent:     DefaultUserAgent,
		Timeout:       30 * time.Second,
		Politeness:    Politeness{Delay: 2 * time.Second, Parallelism: 1},
		MaxBody:       10 << 20,
		Retries:       3,
		MaxDepth:      3,
		MaxPages:      2000,
		MaxRedirects:  5,
		Backoff:       2 * time.Second,
		MaxRetryAfter: 5 * time.Minute,
		MaxCrawlDelay: 60 * time.Second,
		LockTTL:       2 * time.Hour,
	}
}

// withDefaults fills zero fields of g from DefaultSettings. A negative
// Politeness.Delay means "no delay" (benchmarks); a negative Retries means
// no retries.
func (g Settings) withDefaults() Settings {
	d := DefaultSettings()
	if g.UserAgent == "" {
		g.UserAgent = d.UserAgent
	}
	if g.Timeout == 0 {
		g.Timeout = d.Timeout
	}
	if g.Politeness.Delay == 0 {
		g.Politeness.Delay = d.Politeness.Delay
	}
	if g.Politeness.Parallelism == 0 {
		g.Politeness.Parallelism = d.Politeness.Parallelism
	}
	if g.MaxBody == 0 {
		g.MaxBody = d.MaxBody
	}
	if g.Retries == 0 {
		g.Retries = d.Retries
	}
	if g.MaxDepth == 0 {
		g.MaxDepth = d.MaxDepth
	}
	if g.MaxPages == 0 {
		g.MaxPages = d.MaxPages
	}
	if g.MaxRedirects == 0 {
		g.MaxRedirects = d.MaxRedirects
	}
	if g.Backoff == 0 {
		g.Backoff = d.Backoff
	}
	if g.MaxRetryAfter == 0 {
		g.MaxRetryAfter = d.MaxRetryAfter
	}
	if g.MaxCrawlDelay == 0 {
		g.MaxCrawlDelay = d.MaxCrawlDelay
	}
	if g.LockTTL == 0 {
		g.LockTTL = d.LockTTL
	}
	return g
}

// WithDefaults returns s with every zero field taken from g (itself
// completed from DefaultSettings), and AllowedDomains defaulting to the
// hosts of the start URLs, feeds and sitemaps.
func (s Source) WithDefaults(g Settings) Source {
	g = g.withDefaults()
	if s.UserAgent == "" {
		s.UserAgent = g.UserAgent
	}
	if s.Timeout == 0 {
		s.Timeout = g.Timeout
	}
	if s.Politeness.Delay == 0 {
		s.Politeness.Delay = g.Politeness.Delay
	}
	if s.Politeness.Parallelism == 0 {
		s.Politeness.Parallelism = g.Politeness.Parallelism
	}
	if s.MaxBody == 0 {
		s.MaxBody = g.MaxBody
	}
	if s.Retries == 0 {
		s.Retries = g.Retries
	}
	if s.MaxDepth == 0 {
		s.MaxDepth = g.MaxDepth
	}
	if s.MaxPages == 0 {
		s.MaxPages = g.MaxPages
	}
	if len(s.AllowedDomains) == 0 {
		seen := map[string]bool{}
		for _, list := range [][]string{s.StartURLs, s.Feeds, s.Sitemaps} {
			for _, raw := range list {
				u, err := url.Parse(raw)
				if err != nil || u.Hostname() == "" {
					continue
				}
				h := strings.ToLower(u.Hostname())
				if !seen[h] {
					seen[h] = true
					s.AllowedDomains = append(s.AllowedDomains, h)
				}
			}
		}
	}
	return s
}

// IsEnabled reports whether the source takes part in scheduled crawls.
func (s Source) IsEnabled() bool { return s.Enabled == nil || *s.Enabled }

// FieldError is one problem in a source's configuration. Path is the YAML
// key path relative to the source ("schedule.cron", "feeds[1]"), so the
// config loader can prefix "sources[2]." and point at the line.
type FieldError struct {
	Path    string
	Message string
}

// Error formats the error as "path: message".
func (e FieldError) Error() string { return e.Path + ": " + e.Message }

var (
	nameRe     = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	languageRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// cronParser accepts standard 5-field expressions and descriptors.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Validate checks the source without doing any I/O and returns every
// problem found; nil means valid. Call it on the raw source (before
// WithDefaults) to report what the user wrote.
func (s *Source) Validate() []FieldError {
	var errs []FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case s.Name == "":
		add("name", "is required")
	case !nameRe.MatchString(s.Name):
		add("name", "%q must match [a-zA-Z0-9_-]+", s.Name)
	}
	if s.Language != "" && !languageRe.MatchString(s.Language) {
		add("language", "%q is not a language tag like \"en\" or \"ru\"", s.Language)
	}
	if len(s.StartURLs)+len(s.Feeds)+len(s.Sitemaps) == 0 {
		add("start_urls", "at least one of start_urls, feeds or sitemaps is required")
	}
	for key, list := range map[string][]string{"start_urls": s.StartURLs, "feeds": s.Feeds, "sitemaps": s.Sitemaps} {
		for i, raw := range list {
			u, err := url.Parse(raw)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				add(fmt.Sprintf("%s[%d]", key, i), "%q is not an absolute http(s) URL", raw)
			}
		}
	}
	for i, d := range s.AllowedDomains {
		if d == "" || strings.ContainsAny(d, "/:?# ") {
			add(fmt.Sprintf("allowed_domains[%d]", i), "%q must be a bare host name", d)
		}
	}
	for key, list := range map[string][]string{"articles.allow": s.Articles.Allow, "articles.deny": s.Articles.Deny, "skip": s.Skip} {
		for i, p := range list {
			if _, err := regexp.Compile(p); err != nil {
				add(fmt.Sprintf("%s[%d]", key, i), "bad regexp: %v", err)
			}
		}
	}
	if s.MaxDepth < 0 {
		add("max_depth", "must not be negative")
	}
	if s.MaxPages < 0 {
		add("max_pages", "must not be negative")
	}
	if s.RecheckAfter < 0 {
		add("recheck_after", "must not be negative")
	}
	if s.Schedule.Every != 0 && s.Schedule.Cron != "" {
		add("schedule", "set either every or cron, not both")
	}
	if s.Schedule.Every < 0 {
		add("schedule.every", "must not be negative")
	} else if s.Schedule.Every > 0 && s.Schedule.Every < time.Minute {
		add("schedule.every", "%v is shorter than a minute", s.Schedule.Every)
	}
	if s.Schedule.Jitter < 0 {
		add("schedule.jitter", "must not be negative")
	}
	if s.Schedule.Cron != "" {
		if _, err := cronParser.Parse(s.Schedule.Cron); err != nil {
			add("schedule.cron", "bad cron expression: %v", err)
		}
	}
	if s.Politeness.Parallelism < 0 {
		add("politeness.parallelism", "must not be negative")
	}
	if s.UserAgent != "" && !strings.Contains(s.UserAgent, "http") {
		add("user_agent", "must include a contact URL, e.g. \"tieline/0.1 (+https://example.org/contact)\"")
	}
	if s.Timeout < 0 {
		add("timeout", "must not be negative")
	}
	if s.MaxBody < 0 {
		add("max_body", "must not be negative")
	}
	if s.Retries < -1 {
		add("retries", "must be -1 (none) or more")
	}
	return errs
}

// ByteSize is a size in bytes that reads from YAML as a number or a string
// with a unit: "10MB", "512 KiB", "1.5G". K/KB/KiB all mean 1024 (binary),
// as is usual for body limits.
type ByteSize int64

// ParseByteSize parses a size such as "10MB", "512k", "2GiB" or "1048576".
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("parsing size %q: empty", s)
	}
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("parsing size %q: %w", s, err)
	}
	mult := float64(1)
	switch strings.TrimSuffix(strings.TrimSuffix(unit, "B"), "I") {
	case "":
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	case "T":
		mult = 1 << 40
	default:
		return 0, fmt.Errorf("parsing size %q: unknown unit %q", s, unit)
	}
	if unit == "I" || unit == "IB" {
		return 0, fmt.Errorf("parsing size %q: unknown unit %q", s, unit)
	}
	v := f * mult
	if v >= 1<<62 {
		return 0, fmt.Errorf("parsing size %q: too large", s)
	}
	return ByteSize(v), nil
}

// UnmarshalYAML reads a number of bytes or a string with a unit.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: size must be a scalar like \"10MB\"", n.Line)
	}
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*b = v
	return nil
}

// MarshalYAML writes the size in the largest exact binary unit.
func (b ByteSize) MarshalYAML() (any, error) { return b.String(), nil }

// String formats the size in the largest exact binary unit ("10MB").
func (b ByteSize) String() string {
	for _, u := range []struct {
		s string
		n int64
	}{{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if b != 0 && int64(b)%u.n == 0 {
			return strconv.FormatInt(int64(b)/u.n, 10) + u.s
		}
	}
	return strconv.FormatInt(int64(b), 10)
}
