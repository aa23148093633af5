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
	// datePathRe is a /yyyy/mm/dd/ or /yyyymmdd/ date in a path: a slug
	// after it is an article (/2024/05/27/governor-visits.html).
	datePathRe = regexp.MustCompile(`/(19|20)\d\d/?(0[1-9]|1[0-2])/?(0[1-9]|[12]\d|3[01])/[^/]*[a-zA-Z]`)
	slugRe     = regexp.MustCompile(`[a-zA-Z\x{0400}-\x{04FF}]{2,}[-_][a-zA-Z\x{0400}-\x{04FF}]`)
)

// articleIDParams are query parameters that name one article
// (/article.php?id=123, Bitrix ?ELEMENT_ID=, news.php?nid=).
var articleIDParams = map[string]bool{
	"id": true, "nid": true, "aid": true, "news_id": true, "newsid": true, "article_id": true, "articleid": true,
	"article": true, "element_id": true, "item_id": true, "itemid": true, "story_id": true, "storyid": true,
	"doc_id": true, "docid": true, "post_id": true, "story": true, "news": true,
}

// looksLikeArticle guesses whether a URL found on a listing page is an
// article, for sources without articles.allow patterns. News sites put an
// id (5+ digits), a long slug, or a date and a slug in the path, or an id
// parameter in the query; listings are short section paths, dates and
// pagination.
func looksLikeArticle(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	pth := p.Path
	if p.RawQuery != "" {
		q := p.Query()
		for k, v := range q {
			k = strings.ToLower(k)
			if isPageParam(k) {
				return false
			}
			if articleIDParams[k] && len(v) == 1 && v[0] != "" && isDigits(v[0]) {
				return true
			}
		}
	}
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
	if datePathRe.MatchString(pth) && slugRe.MatchString(last) {
		return true
	}
	ext := strings.ToLower(path.Ext(last))
	return (ext == ".html" || ext == ".htm" || ext == ".shtml") && len(segs) >= 2 &&
		(strings.ContainsAny(last, "0123456789") || datePathRe.MatchString(pth))
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
