package content

import (
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

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

// attribution is one compiled pattern of attribution.txt.
type attribution struct {
	strong bool
	re     *regexp.Regexp // group 1 is the agency name
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

// namesAlternation is a regexp alternation of every agency name, longest
// first so that "RIA Novosti" wins over "RIA". Names match case-sensitively
// (TASS, not "tass" in a word) except for their first letter.
func namesAlternation(m map[string]string) string {
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
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(n), " ", `\s+`)
	}
	return strings.Join(quoted, "|")
}

func compileAttributions(data string, m map[string]string) []attribution {
	alt := namesAlternation(m)
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
		re := `(?:^|[^\p{L}\p{N}])` + words(before) + `(` + alt + `)` + words(after)
		if after == "" || isLetter(after[0]) {
			re += `(?:$|[^\p{L}\p{N}])`
		}
		out = append(out, attribution{strong: kind == "strong", re: regexp.MustCompile(re)})
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

// hostMatches matches a host against a pattern: "tass.ru" matches itself,
// "*.tass.ru" its subdomains, "sputnik.*" any top-level domain (including
// two-label ones such as sputnik.com.ua) and "sputnik-*.*" any suffix.
func hostMatches(host, pat string) bool {
	if host == "" {
		return false
	}
	if !strings.Contains(pat, "*") {
		return host == pat
	}
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pat), `\*`, `[a-z0-9-]+(?:\.[a-z0-9-]+)*`) + "$"
	ok, _ := regexp.MatchString(re, host)
	return ok
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

// originalAgency returns the agency the text credits: the dateline's if it
// names one, else the earliest strong attribution ("told Sputnik", "со
// ссылкой на ТАСС"), else a weak one such as a photo credit.
func originalAgency(text, datelineAgency string) string {
	if a := canonicalAgency(datelineAgency); a != "" {
		return a
	}
	for _, strong := range []bool{true, false} {
		best, bestAt := "", -1
		for _, at := range attributions {
			if at.strong != strong {
				continue
			}
			ix := at.re.FindStringSubmatchIndex(text)
			if ix == nil {
				continue
			}
			if bestAt < 0 || ix[2] < bestAt {
				best, bestAt = canonicalAgency(text[ix[2]:ix[3]]), ix[2]
			}
		}
		if best != "" {
			return best
		}
	}
	if datelineAgency != "" {
		return datelineAgency
	}
	return ""
}
