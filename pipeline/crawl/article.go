package crawl

import (
	_ "embed"
	"net/url"
	"path"
	"regexp"
	"strings"
)

//go:embed traps.txt
var trapsData string

// builtinTraps are compiled from traps.txt.
var builtinTraps = compileLines(trapsData)

func compileLines(data string) []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, regexp.MustCompile(line))
	}
	return out
}

// binaryExt are path extensions of documents that are never HTML articles;
// they are skipped without a request (the Content-Type check catches the
// ones without a telling extension).
var binaryExt = map[string]bool{
	".pdf": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true,
	".ico": true, ".css": true, ".js": true, ".mp3": true, ".mp4": true, ".avi": true, ".mov": true,
	".webm": true, ".zip": true, ".rar": true, ".7z": true, ".gz": true, ".doc": true, ".docx": true,
	".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true, ".rtf": true, ".exe": true, ".apk": true,
	".dmg": true, ".tif": true, ".tiff": true, ".woff": true, ".woff2": true, ".ttf": true,
}

// isBinaryURL reports whether the URL path ends in a binary extension.
func isBinaryURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	return binaryExt[strings.ToLower(path.Ext(p.Path))]
}

var (
	digitsRe   = regexp.MustCompile(`\d{5,}`)
	pageParam  = regexp.MustCompile(`(?i)(^|/)(page|p|pages|tag|tags|category|rubric|section)(/|$)`)
	dateOnlyRe = regexp.MustCompile(`^/(\d{4})(/\d{1,2}){0,2}/?$`)
)

// looksLikeArticle guesses whether a URL found on a listing page is an
// article, for sources without articles.allow patterns. News sites put an
// id (5+ digits) or a long slug in the last path segment; listings are
// short section paths, dates and pagination.
func looksLikeArticle(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	pth := p.Path
	if dateOnlyRe.MatchString(pth) || pageParam.MatchString(strings.TrimSuffix(pth, "/")+"/") && !digitsRe.MatchString(pth) {
		return false
	}
	segs := strings.Split(strings.Trim(pth, "/"), "/")
	last := segs[len(segs)-1]
	if last == "" {
		return false
	}
	if digitsRe.MatchString(last) {
		return true
	}
	if strings.Count(last, "-")+strings.Count(last, "_") >= 3 {
		return true
	}
	ext := strings.ToLower(path.Ext(last))
	return (ext == ".html" || ext == ".htm" || ext == ".shtml") && len(segs) >= 2 && strings.ContainsAny(last, "0123456789")
}
