package crawl

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestSourceYAML(t *testing.T) {
	const doc = `
name: tass-en
agency: TASS
language: en
start_urls: [https://tass.com/politics]
feeds: [https://tass.com/rss/v2.xml]
sitemaps: [https://tass.com/sitemap.xml]
articles:
  allow: ['^https://tass\.com/[a-z-]+/\d+$']
  deny: ['/photo/']
skip: ['/calendar/']
max_depth: 2
max_pages: 500
recheck_after: 24h
schedule: {every: 15m, jitter: 2m}
politeness: {delay: 3s, parallelism: 2}
user_agent: "tieline/0.1 (+https://example.org/contact)"
timeout: 20s
max_body: 5MB
selectors: {title: h1.news-header__title, body: div.text-content}
enabled: false
`
	var s Source
	if err := yaml.Unmarshal([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	if errs := s.Validate(); len(errs) != 0 {
		t.Fatalf("Validate: %v", errs)
	}
	if s.MaxBody != 5<<20 || s.Schedule.Every != 15*time.Minute || s.Politeness.Delay != 3*time.Second ||
		s.RecheckAfter != 24*time.Hour || s.Selectors == nil || s.Selectors.Body != "div.text-content" || s.IsEnabled() {
		t.Errorf("decoded %+v", s)
	}
}

func TestValidate(t *testing.T) {
	base := func() Source {
		return Source{Name: "ok", StartURLs: []string{"https://belta.by/"}}
	}
	tests := []struct {
		name  string
		edit  func(*Source)
		paths []string
	}{
		{name: "valid", edit: func(*Source) {}},
		{name: "missing name", edit: func(s *Source) { s.Name = "" }, paths: []string{"name"}},
		{name: "bad name", edit: func(s *Source) { s.Name = "tass en" }, paths: []string{"name"}},
		{name: "no seeds", edit: func(s *Source) { s.StartURLs = nil }, paths: []string{"start_urls"}},
		{name: "relative feed", edit: func(s *Source) { s.Feeds = []string{"https://a.ru/rss", "/rss.xml"} }, paths: []string{"feeds[1]"}},
		{name: "bad regexp", edit: func(s *Source) { s.Articles.Allow = []string{"("} }, paths: []string{"articles.allow[0]"}},
		{name: "bad cron", edit: func(s *Source) { s.Schedule.Cron = "every tuesday" }, paths: []string{"schedule.cron"}},
		{name: "cron and every", edit: func(s *Source) { s.Schedule = Schedule{Cron: "@hourly", Every: time.Hour} }, paths: []string{"schedule"}},
		{name: "too frequent", edit: func(s *Source) { s.Schedule.Every = time.Second }, paths: []string{"schedule.every"}},
		{name: "negative depth and pages", edit: func(s *Source) { s.MaxDepth, s.MaxPages = -1, -2 }, paths: []string{"max_depth", "max_pages"}},
		{name: "user agent without contact", edit: func(s *Source) { s.UserAgent = "tieline" }, paths: []string{"user_agent"}},
		{name: "bad language", edit: func(s *Source) { s.Language = "Russian" }, paths: []string{"language"}},
		{name: "domain with scheme", edit: func(s *Source) { s.AllowedDomains = []string{"https://belta.by"} }, paths: []string{"allowed_domains[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.edit(&s)
			var got []string
			for _, e := range s.Validate() {
				got = append(got, e.Path)
				if e.Message == "" || !strings.HasPrefix(e.Error(), e.Path+": ") {
					t.Errorf("bad error %q", e.Error())
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.paths, ",") {
				t.Errorf("error paths %v, want %v", got, tt.paths)
			}
		})
	}
}

func TestWithDefaults(t *testing.T) {
	g := Settings{UserAgent: "ua (+https://x.org)", Politeness: Politeness{Delay: time.Second}, MaxBody: 1 << 20}
	s := Source{Name: "a", StartURLs: []string{"https://www.BelTA.by/news"}, Feeds: []string{"https://belta.by/rss"},
		Politeness: Politeness{Parallelism: 3}}.WithDefaults(g)
	if s.UserAgent != g.UserAgent || s.Politeness.Delay != time.Second || s.Politeness.Parallelism != 3 ||
		s.MaxBody != 1<<20 || s.Timeout != DefaultSettings().Timeout || s.MaxDepth != DefaultSettings().MaxDepth {
		t.Errorf("WithDefaults = %+v", s)
	}
	if strings.Join(s.AllowedDomains, ",") != "www.belta.by,belta.by" {
		t.Errorf("AllowedDomains = %v", s.AllowedDomains)
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want ByteSize
		err  bool
	}{
		{in: "10MB", want: 10 << 20},
		{in: "10 mb", want: 10 << 20},
		{in: "512KiB", want: 512 << 10},
		{in: "1.5G", want: 3 << 29},
		{in: "2048", want: 2048},
		{in: "1b", want: 1},
		{in: "", err: true},
		{in: "MB", err: true},
		{in: "10 parsecs", err: true},
		{in: "10iB", err: true},
		{in: "99999999999TB", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseByteSize(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseByteSize(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestByteSizeYAMLRoundTrip(t *testing.T) {
	var v struct {
		Max ByteSize `yaml:"max"`
	}
	if err := yaml.Unmarshal([]byte("max: 3MB"), &v); err != nil || v.Max != 3<<20 {
		t.Fatalf("unmarshal = %v, %v", v.Max, err)
	}
	out, err := yaml.Marshal(v)
	if err != nil || strings.TrimSpace(string(out)) != "max: 3MB" {
		t.Fatalf("marshal = %q, %v", out, err)
	}
	if err := yaml.Unmarshal([]byte("max: [1]"), &v); err == nil {
		t.Error("sequence accepted as size")
	}
}

func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"10MB", "1.5 GiB", "0", "-1", "1e9", ".5k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseByteSize(s)
		if err != nil {
			return
		}
		if b < 0 {
			t.Fatalf("negative size %d from %q", b, s)
		}
		again, err := ParseByteSize(b.String())
		if err != nil || again != b {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, b, b.String(), again, err)
		}
	})
}

func TestIDs(t *testing.T) {
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	a, b := StableID("https://tass.com/politics/1"), StableID("https://tass.com/politics/2")
	if !hex32.MatchString(a) || a == b || a != StableID("https://tass.com/politics/1") {
		t.Errorf("StableID: %q %q", a, b)
	}
	// sha256("") starts with e3b0c442...
	if got := ContentID(nil); got != "e3b0c44298fc1c149afbf4c8996fb924" {
		t.Errorf("ContentID(empty) = %s", got)
	}
	if k := URLKey("https://x.ru/новости?a=b"); !regexp.MustCompile(`^[-/_=.a-zA-Z0-9]+$`).MatchString(k) {
		t.Errorf("URLKey %q is not a valid KV key", k)
	}
}
