package content

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

//go:embed boilerplate.txt
var boilerplateData string

// Line rule kinds of boilerplate.txt.
const (
	ruleDrop  = "drop"
	ruleCut   = "cut"
	ruleLabel = "label"
)

type lineRule struct {
	kind string
	re   *regexp.Regexp
}

var lineRules = mustCompileRules(boilerplateData)

func mustCompileRules(data string) []lineRule {
	var out []lineRule
	for i, line := range strings.Split(data, "\n") {
		kind, pat, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		re, err := regexp.Compile(`(?i)` + pat)
		if err != nil {
			// The file is embedded and covered by tests: a failure is a build defect.
			panic(fmt.Sprintf("boilerplate.txt line %d: %v", i+1, err))
		}
		out = append(out, lineRule{kind: kind, re: re})
	}
	return out
}

// classify returns the kind of the first rule matching the trimmed line,
// or "" for a content line.
func classify(line string) string {
	if len(line) > 600 {
		return "" // long paragraphs are text; skip the regexps
	}
	for _, r := range lineRules {
		if r.re.MatchString(line) {
			return r.kind
		}
	}
	return ""
}

// cleanParagraphs drops boilerplate paragraphs, cuts trailing related-article
// blocks and (with dedupe) repeated paragraphs, and returns the kept paragraphs and the
// label lines it removed (for their dates).
func cleanParagraphs(paras []string, dedupe bool) (kept, labels []string) {
	seen := map[string]bool{}
	words := 0
	bodySeen := false // a byline date line sits above the running text
	for i := 0; i < len(paras); i++ {
		p := strings.TrimSpace(paras[i])
		if p == "" {
			continue
		}
		switch classify(p) {
		case ruleDrop:
			continue
		case ruleLabel:
			labels = append(labels, p)
			continue
		case ruleCut:
			if words < 20 {
				continue
			}
			if j := resumeAfterTeaser(paras, i); j > 0 {
				i = j - 1 // an inline "Read also" teaser: skip it, keep the story
				continue
			}
			return kept, labels
		}
		if isDateOnly(p) || !bodySeen && isBylineDate(p) {
			// A date line above the story dates it; below, it belongs
			// to an archive or related-articles list.
			if words < 20 {
				labels = append(labels, p)
			}
			continue
		}
		if dedupe && seen[p] {
			continue
		}
		seen[p] = true
		kept = append(kept, p)
		words += len(strings.Fields(p))
		bodySeen = bodySeen || isBody(p)
	}
	return kept, labels
}

// resumeAfterTeaser looks past a "Read also" line found inside the story:
// when running text follows within a few short (headline) lines, the line
// opened an inline teaser rather than the trailing block, and it returns
// the index where the story resumes; else 0.
func resumeAfterTeaser(paras []string, cut int) int {
	for j := cut + 1; j < len(paras) && j <= cut+4; j++ {
		p := strings.TrimSpace(paras[j])
		if p == "" {
			continue
		}
		if isBody(p) && strings.ContainsAny(p[len(p)-1:], ".!?»\"”") && classify(p) == "" {
			return j
		}
		if utf8.RuneCountInString(p) >= 150 || classify(p) == ruleCut {
			return 0
		}
	}
	return 0
}
