package content

import (
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

//go:embed agencies.yaml
var agenciesYAML []byte

//go:embed attribution.txt
var attributionData string

// agencyInfo is one entry of agencies.yaml.
type agencyInfo struct {
	Name  string   `yaml:"name"`
	Hosts []string `yaml:"hosts"`
	Names []string `yaml:"names"`
	Zone  string   `yaml:"zone"`
}

// attribution is one compiled pattern of attribution.txt, split at the
// agency name: before must match the text just before a name, after the
// text just after it.
type attribution struct {
	strong        bool
	before, after *regexp.Regexp
}

var (
	agencies     = mustLoadAgencies(agenciesYAML)
	nameToAgency = indexNames(agencies)
	attributions = compileAttributions(attributionData, nameToAgency)
)

func mustLoadAgencies(b []byte) []agencyInfo {
	var list []agencyInfo
	if err := yaml.Unmarshal(b, &list); err != nil {
		// The file is embedded and covered by tests: a failure is a build defect.
		panic(fmt.Sprintf("parsing agencies.yaml: %v", err))
	}
	return list
}

func indexNames(list []agencyInfo) map[string]string {
	m := map[string]string{}
	for _, a := range list {
		m[strings.ToLower(a.Name)] = a.Name
		for _, n := range a.Names {
			m[strings.ToLower(n)] = a.Name
		}
	}
	return m
}

// agencyNames lists every name of every agency, longest first so that
// "RIA Novosti" is tried before "RIA".
func agencyNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, a := range agencies {
		for _, n := range append([]string{a.Name}, a.Names...) {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return names
}

var allNames = agencyNames()

func compileAttributions(data string, _ map[string]string) []attribution {
	var out []attribution
	for _, line := range strings.Split(data, "\n") {
		kind, pat, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		before, after, ok := strings.Cut(strings.TrimSpace(pat), "{A}")
		if !ok {
			continue
		}
		b := `(?:^|[^\p{L}\p{N}])` + words(before) + `$`
		if before == "" {
			b = `$`
		}
		a := `^` + words(after)
		if after == "" || isLetter(after[len(after)-1]) {
			a += `(?:$|[^\p{L}\p{N}])`
		}
		out = append(out, attribution{strong: kind == "strong", before: regexp.MustCompile(b), after: regexp.MustCompile(a)})
	}
	return out
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// words makes the literal words of a pattern match in any case and with any
// white space between them.
func words(s string) string {
	if s == "" {
		return ""
	}
	f := strings.Fields(s)
	for i, w := range f {
		f[i] = `(?i:` + regexp.QuoteMeta(w) + `)`
	}
	re := strings.Join(f, `\s+`)
	if s[0] == ' ' {
		re = `\s+` + re
	}
	if s[len(s)-1] == ' ' {
		re += `\s+`
	}
	return re
}

// canonicalAgency maps a name as written ("ТАСС", "KAZINFORM") to the
// agency's canonical name, or "" if it is not a known agency.
func canonicalAgency(name string) string {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	return nameToAgency[n]
}

// AgencyForURL returns the agency whose site serves rawURL, from the hosts
// in agencies.yaml, or "" when the host is not a known agency's.
func AgencyForURL(rawURL string) string {
	if rawURL == "" {
		return ""
	}
	if !strings.Contains(rawURL, "://") {
		rawURL = "http://" + rawURL
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	for _, a := range agencies {
		for _, h := range a.Hosts {
			if hostMatches(host, h) {
				return a.Name
			}
		}
	}
	return ""
}

// hostPatterns holds the compiled host patterns of agencies.yaml.
var hostPatterns = compileHosts()

func compileHosts() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	for _, a := range agencies {
		for _, h := range a.Hosts {
			if strings.Contains(h, "*") {
				m[h] = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(h), `\*`, `[a-z0-9-]+(?:\.[a-z0-9-]+)*`) + "$")
			}
		}
	}
	return m
}

// hostMatches matches a host against a pattern: "tass.ru" matches itself,
// "*.tass.ru" its subdomains, "sputnik.*" any top-level domain (including
// two-label ones such as sputnik.com.ua) and "sputnik-*.*" any suffix.
func hostMatches(host, pat string) bool {
	if host == "" {
		return false
	}
	if re := hostPatterns[pat]; re != nil {
		return re.MatchString(host)
	}
	return host == pat
}

// agencyZone returns the fixed zone an agency's pages print times in, or nil.
func agencyZone(name string) *time.Location {
	for _, a := range agencies {
		if a.Name == name && a.Zone != "" {
			t, err := time.Parse("-07:00", a.Zone)
			if err != nil {
				return nil
			}
			_, off := t.Zone()
			return time.FixedZone(a.Zone, off)
		}
	}
	return nil
}

// nameMention is one occurrence of an agency name in a text.
type nameMention struct {
	start, end int
	agency     string
}

// mentions finds the agency names in text, whole words only, in text order.
// It scans with strings.Index per name, which is far cheaper than one
// regexp alternation of all names over long texts.
func mentions(text string) []nameMention {
	var out []nameMention
	taken := map[int]bool{}
	for _, n := range allNames {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], n)
			if i < 0 {
				break
			}
			s, e := from+i, from+i+len(n)
			from = e
			if taken[s] || !wordEdge(text, s, e) {
				continue
			}
			taken[s] = true
			out = append(out, nameMention{s, e, canonicalAgency(n)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// wordEdge reports whether text[s:e] is not part of a longer word.
func wordEdge(text string, s, e int) bool {
	if s > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:s])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if e < len(text) {
		r, _ := utf8.DecodeRuneInString(text[e:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// originalAgency returns the agency the text credits: the dateline's if it
// names one, else the earliest mention in a strong attribution ("told
// Sputnik", "со ссылкой на ТАСС"), else in a weak one such as a photo
// credit.
func originalAgency(text, datelineAgency string) string {
	if a := canonicalAgency(datelineAgency); a != "" {
		return a
	}
	ms := mentions(text)
	for _, strong := range []bool{true, false} {
		for _, m := range ms {
			before := text[max(0, m.start-80):m.start]
			after := text[m.end:min(len(text), m.end+40)]
			for _, at := range attributions {
				if at.strong == strong && at.before.MatchString(before) && at.after.MatchString(after) {
					return m.agency
				}
			}
		}
	}
	return datelineAgency
}
