package content

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tieline/tieline/extractors/content/dates"
	"github.com/tieline/tieline/pipeline"
)

// engine is the main-content extractor; fallbackEngine runs when engine
// finds too little text.
var (
	engine         mainContent = trafilaturaEngine{}
	fallbackEngine mainContent = readabilityEngine{}
)

// maxEngineInput is the decoded size above which pages skip the
// main-content engines and keep all their text: the engines' cost grows
// faster than the page (tens of seconds for 10 MB), and no news article is
// that large.
const maxEngineInput = 4 << 20

// maxText caps the text kept from one document.
const maxText = 1 << 20

// capText cuts text to at most maxText bytes at a paragraph boundary.
func capText(text string) string {
	if len(text) <= maxText {
		return text
	}
	text = text[:maxText]
	if i := strings.LastIndex(text, "\n\n"); i > 0 {
		return text[:i]
	}
	return strings.ToValidUTF8(text, "")
}

// minMainText is the length in characters under which the main extractor's
// result is taken as a miss and the fallback is tried.
const minMainText = 250

// pageMeta is what a page's markup says about itself.
type pageMeta struct {
	lang      string
	titleTag  string
	h1        []string
	meta      map[string]string // lower-case name/property/itemprop -> first content
	canonical string
	jsonld    []map[string]any
	times     []timeEl
	itemprop  map[string]string // itemprop on ordinary elements -> datetime/content/text
	relAuthor string
}

type timeEl struct {
	datetime string
	text     string
	pub      bool // marked as the publication time (pubdate, itemprop, class)
}

// extractHTML extracts from a decoded HTML document and returns the result,
// the text to search for attributions and the site's name.
func extractHTML(doc string, in Input, now time.Time, loc *time.Location) (Result, string, string) {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil || root == nil {
		res, attrText := extractPlain(doc, now, loc)
		return res, attrText, ""
	}
	pageURL, _ := url.Parse(in.URL)
	if pageURL != nil && pageURL.Host == "" {
		pageURL = nil
	}
	m := readMeta(root)
	sel := in.Selectors
	if sel == nil {
		sel = &pipeline.Selectors{}
	}
	if sel.Remove != "" {
		removeMatching(root, sel.Remove)
	}
	prune(root, 0)
	if sel.Body == "" {
		pruneFurniture(root)
	}

	var res Result
	res.CanonicalURL = canonicalURL(m, pageURL)
	res.Author = author(m)

	// Main text: the site's selector, else the engine, else the fallback.
	var text string
	if sel.Body != "" {
		if nodes := queryAll(root, sel.Body); len(nodes) > 0 {
			text = renderText(nodes...)
		}
	}
	if text == "" {
		if len(doc) > maxEngineInput {
			text = renderText(root) // the engines are superlinear; see maxEngineInput
		} else {
			text = mainText(root, pageURL)
		}
	}
	text = capText(text)
	paras, labels := cleanParagraphs(strings.Split(text, "\n\n"), false)

	// Title: the site's selector, else metadata, else <title>, else <h1>.
	if sel.Title != "" {
		if nodes := queryAll(root, sel.Title); len(nodes) > 0 {
			res.Title = nodeText(nodes[0])
		}
	}
	if res.Title == "" {
		res.Title = pickHTMLTitle(m)
		if sectionTitle(m, res.Title) {
			if t := headlineOfText(paras); t != "" {
				res.Title = t
			}
		}
	}
	// The engine may keep the headline; what it kept above the headline
	// is the page's furniture (rubric, breadcrumbs, menus) unless it is
	// running text.
	paras = dropAboveTitle(paras, res.Title, m.h1)
	if sel.Body == "" {
		paras = addLead(root, m, paras)
	}
	res.Text = strings.Join(paras, "\n\n")

	// Published: metadata and the URL first, then what the page shows.
	var cands []dateCand
	if t := htmlPublished(root, m, sel, in, now, loc); !t.IsZero() {
		cands = append(cands, dateCand{t: t, hasYear: true, hasTime: hasClock(t), kind: labelPublished})
	}
	cands = append(cands, labelDates(labels, now, loc)...)
	cands = append(cands, visibleDates(root, res.Title, now, loc)...)
	cands = append(cands, leadDates(paras, now, loc)...)
	res.Published = pickDate(cands)
	if lang := normLang(m.lang); lang != "" {
		res.Language = lang
	}
	return res, res.Title + "\n" + res.Text, siteName(m)
}

// siteName is the name a page gives its site: og:site_name, else the short
// part after the last separator of <title>.
func siteName(m pageMeta) string {
	if s := m.meta["og:site_name"]; s != "" {
		return s
	}
	t := strings.Join(strings.Fields(m.titleTag), " ")
	locs := titleSepRe.FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return ""
	}
	tail := strings.TrimSpace(t[locs[len(locs)-1][1]:])
	if n := len(strings.Fields(tail)); n == 0 || n > 4 {
		return ""
	}
	return tail
}

// addLead puts back the lead paragraph the engine left out: the page's
// description shown as a paragraph of running text above the body
// (kremlin.ru's read__lead), found by its first words.
func addLead(root *html.Node, m pageMeta, paras []string) []string {
	desc := m.meta["description"]
	if desc == "" {
		desc = m.meta["og:description"]
	}
	key := letterKey(desc, 40)
	if utf8.RuneCountInString(key) < 40 || len(paras) == 0 {
		return paras
	}
	for i, p := range paras {
		if i >= 3 {
			break
		}
		if strings.Contains(letterKey(p, 0), key) {
			return paras
		}
	}
	body := findAtom(root, atom.Body, 0)
	if body == nil {
		return paras
	}
	var found *html.Node
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if found != nil || depth > 256 {
			return
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipAtoms[c.DataAtom] {
				continue
			}
			t := nodeText(c)
			if !strings.HasPrefix(letterKey(t, 0), key) {
				walk(c, depth+1)
				continue
			}
			walk(c, depth+1) // the innermost element holding the lead
			if found == nil && (c.DataAtom == atom.P || c.DataAtom == atom.Div) {
				found = c
			}
		}
	}
	walk(body, 0)
	if found == nil {
		return paras
	}
	lead := nodeText(found)
	n := utf8.RuneCountInString(lead)
	// A one-sentence standfirst is a subtitle, which sites keep apart
	// from the text; a lead of several sentences is the story's opening.
	if n > 1500 || !strings.ContainsAny(lead[len(lead)-1:], ".!?»\"”") || sentenceCount(lead) < 2 || strings.Contains(letterKey(strings.Join(paras, " "), 0), letterKey(lead, 0)) {
		return paras
	}
	return append([]string{lead}, paras...)
}

// sentenceCount counts sentence ends followed by a capitalized word.
func sentenceCount(s string) int {
	n := 1
	rs := []rune(s)
	for i := 0; i+2 < len(rs); i++ {
		if (rs[i] == '.' || rs[i] == '!' || rs[i] == '?') && rs[i+1] == ' ' && unicode.IsUpper(rs[i+2]) {
			n++
		}
	}
	return n
}

// letterKey is s lower-cased with only its letters and digits, cut to n
// runes (0 = all): a form that survives dashes, quotes and spacing
// differences between a description and the text.
func letterKey(s string, n int) string {
	var b strings.Builder
	k := 0
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			k++
			if n > 0 && k >= n {
				break
			}
		}
	}
	return b.String()
}

// dropAboveTitle removes the headline from the first paragraphs and the
// short paragraphs above it.
func dropAboveTitle(paras []string, title string, h1 []string) []string {
	for i, p := range paras {
		if i >= 40 {
			break
		}
		hit := sameText(p, title)
		for _, h := range h1 {
			hit = hit || sameText(p, h)
		}
		if !hit {
			continue
		}
		kept := make([]string, 0, len(paras)-1)
		for _, q := range paras[:i] {
			if isBody(q) {
				kept = append(kept, q)
			}
		}
		return append(kept, paras[i+1:]...)
	}
	return paras
}

// prune removes what no extractor reads (scripts, styles, inline SVG,
// comments, forms' controls), after the metadata is read: pages carry
// hundreds of kilobytes of it, and every extractor clones the tree.
func prune(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		drop := c.Type == html.CommentNode
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Svg, atom.Noscript, atom.Template, atom.Link,
				atom.Iframe, atom.Select, atom.Textarea, atom.Input, atom.Button, atom.Object, atom.Canvas:
				drop = true
			}
		}
		if drop {
			n.RemoveChild(c)
		} else if depth < 512 {
			prune(c, depth+1)
		}
		c = next
	}
}

// mainText runs the engine and falls back when it finds too little: less
// than minMainText, or less than half the text the page has in paragraphs
// (the engine then missed part of the article).
func mainText(root *html.Node, pageURL *url.URL) string {
	// The engines read the <head> only for metadata, which readMeta has
	// already taken; detaching it saves trafilatura a fifth of its time.
	if head := findAtom(root, atom.Head, 0); head != nil && head.Parent != nil {
		parent, next := head.Parent, head.NextSibling
		parent.RemoveChild(head)
		defer parent.InsertBefore(head, next)
	}
	var text string
	if n, err := engine.extract(root, pageURL); err == nil && n != nil {
		text = renderText(n)
	}
	got := utf8.RuneCountInString(text)
	if fallbackEngine == nil || got >= minMainText && 2*got >= paragraphText(root, 0) {
		return text
	}
	if n, err := fallbackEngine.extract(root, pageURL); err == nil && n != nil {
		if alt := renderText(n); utf8.RuneCountInString(alt) > utf8.RuneCountInString(text) {
			return alt
		}
	}
	return text
}

// paragraphText counts the characters of text inside <p> elements.
func paragraphText(n *html.Node, depth int) int {
	if depth > 512 {
		return 0
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.P {
		return utf8.RuneCountInString(strings.TrimSpace(nodeText(n)))
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += paragraphText(c, depth+1)
	}
	return total
}

func sameText(a, b string) bool {
	return b != "" && strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// readMeta collects the page's metadata in one walk.
func readMeta(root *html.Node) pageMeta {
	m := pageMeta{meta: map[string]string{}, itemprop: map[string]string{}}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Title:
				if m.titleTag == "" && !inSVG(n) {
					m.titleTag = nodeText(n)
				}
			case atom.H1:
				if len(m.h1) < 3 {
					if t := nodeText(n); t != "" {
						m.h1 = append(m.h1, t)
					}
				}
			case atom.Meta:
				content := strings.TrimSpace(attr(n, "content"))
				for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
					if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && content != "" {
						// "property" may list several space-separated names.
						for _, kk := range strings.Fields(key) {
							if _, ok := m.meta[kk]; !ok {
								m.meta[kk] = content
							}
						}
					}
				}
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				if m.canonical == "" && hasWord(rel, "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					m.jsonld = append(m.jsonld, parseJSONLD(n.FirstChild.Data)...)
				}
				return
			case atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Time:
				te := timeEl{datetime: strings.TrimSpace(attr(n, "datetime")), text: nodeText(n)}
				cls := strings.ToLower(attr(n, "class") + " " + attr(n, "itemprop"))
				te.pub = hasAttr(n, "pubdate") || strings.Contains(cls, "publish") || strings.Contains(cls, "datecreated")
				if len(m.times) < 20 {
					m.times = append(m.times, te)
				}
			case atom.A:
				if m.relAuthor == "" && hasWord(strings.ToLower(attr(n, "rel")), "author") {
					m.relAuthor = nodeText(n)
				}
			}
			if ip := strings.ToLower(attr(n, "itemprop")); ip != "" && n.DataAtom != atom.Meta {
				if _, ok := m.itemprop[ip]; !ok {
					v := attr(n, "datetime")
					if v == "" {
						v = attr(n, "content")
					}
					if v == "" && (ip == "datepublished" || ip == "author" || ip == "headline" || ip == "name") {
						v = nodeText(n)
					}
					if v != "" {
						m.itemprop[ip] = v
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return m
}

func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

// parseJSONLD returns the objects of a JSON-LD script, flattening arrays
// and @graph. Broken JSON yields nothing.
func parseJSONLD(s string) []map[string]any {
	// Many CMSs wrap the JSON in a CDATA section, commented or not.
	s = strings.TrimSpace(s)
	for _, p := range []string{"//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	for _, p := range []string{"//]]>", "/*]]>*/", "]]>"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, p))
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil
	}
	var out []map[string]any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 8 || len(out) > 50 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			out = append(out, x)
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
			if me, ok := x["mainEntity"]; ok {
				walk(me, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

// articleTypes are JSON-LD types whose headline and dates are the page's.
var articleTypeRe = regexp.MustCompile(`(?i)article|posting|report|newsarticle|blogposting|webpage|creativework`)

func jsonldType(o map[string]any) string {
	switch t := o["@type"].(type) {
	case string:
		return t
	case []any:
		var parts []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	}
	return ""
}

// jsonldString returns a string field of the first article-like object,
// preferring articles over web pages.
func jsonldString(m pageMeta, key string) string {
	for _, pass := range []int{0, 1} {
		for _, o := range m.jsonld {
			t := jsonldType(o)
			isArticle := articleTypeRe.MatchString(t) && !strings.Contains(strings.ToLower(t), "webpage")
			if pass == 0 && !isArticle || pass == 1 && !articleTypeRe.MatchString(t) {
				continue
			}
			if s, ok := o[key].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func jsonldAuthor(m pageMeta) string {
	for _, o := range m.jsonld {
		if !articleTypeRe.MatchString(jsonldType(o)) {
			continue
		}
		var names []string
		var add func(v any)
		add = func(v any) {
			switch x := v.(type) {
			case string:
				names = append(names, x)
			case map[string]any:
				if s, ok := x["name"].(string); ok {
					names = append(names, s)
				}
			case []any:
				for _, e := range x {
					add(e)
				}
			}
		}
		add(o["author"])
		if len(names) > 0 {
			return strings.Join(names, ", ")
		}
	}
	return ""
}

// jsonldTitle returns the headline of the page's article object. When its
// name and headline differ (some sites put their own name in "name"), the
// one resembling <title> wins, else the name.
func jsonldTitle(m pageMeta) string {
	for _, o := range m.jsonld {
		t := jsonldType(o)
		if !articleTypeRe.MatchString(t) || strings.Contains(strings.ToLower(t), "webpage") {
			continue
		}
		name, _ := o["name"].(string)
		headline, _ := o["headline"].(string)
		name, headline = strings.TrimSpace(name), strings.TrimSpace(headline)
		switch {
		case name != "" && headline != "" && name != headline:
			if similarity(headline, m.titleTag) > 0.75 && similarity(name, m.titleTag) <= 0.75 {
				return headline
			}
			return name
		case name != "":
			return name
		case headline != "":
			return headline
		}
	}
	return ""
}

// similarity is the share of b's words that a also has.
func similarity(a, b string) float64 {
	aw := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(a), notWordRune) {
		aw[w] = true
	}
	bw := strings.FieldsFunc(strings.ToLower(b), notWordRune)
	if len(bw) == 0 {
		return 0
	}
	n := 0
	for _, w := range bw {
		if aw[w] {
			n++
		}
	}
	return float64(n) / float64(len(bw))
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// titleSepRe splits "Headline | Site" and "Headline - Site".
var titleSepRe = regexp.MustCompile(`\s+(?:\||-|–|—|::|«|»|/|·|•)\s+`)

// pickHTMLTitle prefers the article's own metadata (JSON-LD headline,
// og:title and the like) over <title>, which usually carries the site's
// name, and <title> over <h1>.
func pickHTMLTitle(m pageMeta) string {
	site := m.meta["og:site_name"]
	if t := jsonldTitle(m); t != "" {
		return cleanTitle(t, site)
	}
	for _, k := range []string{"dc.title", "dcterms.title", "dcterm:title", "dc:title", "og:title", "title", "twitter:title", "parsely-title", "headline"} {
		if t := m.meta[k]; t != "" {
			return cleanTitle(t, site)
		}
	}
	if t := m.itemprop["headline"]; t != "" {
		return cleanTitle(t, site)
	}
	if m.titleTag != "" {
		t := dropTitleSuffix(cleanTitle(m.titleTag, site))
		// A <title> that is a longer form of the <h1> is the <h1> plus the
		// site or a rubric ("Новости Вологды: <h1>").
		for _, h := range m.h1 {
			if utf8.RuneCountInString(h) >= 15 && strings.Contains(strings.ToLower(t), strings.ToLower(h)) {
				return h
			}
		}
		if parts := titleSepRe.Split(t, -1); len(parts) > 1 {
			for _, h := range m.h1 {
				if sameText(h, parts[0]) {
					return h
				}
			}
		}
		return t
	}
	if len(m.h1) > 0 {
		return m.h1[0]
	}
	return ""
}

// tightSepRe is the separator of titles written without spaces, as
// Chinese sites do: "标题-新华网", "标题_新闻".
var tightSepRe = regexp.MustCompile(`[-_|｜—–]`)

// cjkSiteSuffix are the last characters of Chinese site names (web, paper,
// agency, TV, news).
var cjkSiteSuffixes = []string{"网", "报", "社", "台", "新闻", "频道"}

// cleanTitle collapses white space and removes a trailing site name that
// the page itself declares (og:site_name) or that names a known agency.
func cleanTitle(t, site string) string {
	t = html.UnescapeString(strings.Join(strings.Fields(t), " "))
	if locs := tightSepRe.FindAllStringIndex(t, -1); len(locs) > 0 {
		last := locs[len(locs)-1]
		tail := strings.TrimSpace(t[last[1]:])
		r, _ := utf8.DecodeRuneInString(tail)
		if n := utf8.RuneCountInString(tail); n > 0 && n <= 12 && isCJK(r) && last[0] > 0 {
			known := canonicalAgency(tail) != "" || site != "" && strings.EqualFold(tail, strings.TrimSpace(site))
			for _, suf := range cjkSiteSuffixes {
				known = known || strings.HasSuffix(tail, suf)
			}
			if known {
				return strings.TrimSpace(t[:last[0]])
			}
		}
	}
	locs := titleSepRe.FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return t
	}
	last := locs[len(locs)-1]
	tail := strings.TrimSpace(t[last[1]:])
	if site != "" && strings.EqualFold(tail, strings.TrimSpace(site)) || canonicalAgency(tail) != "" {
		return strings.TrimSpace(t[:last[0]])
	}
	return t
}

// dropTitleSuffix removes the last " | part" of a <title> when it is short
// (a site or section name) and at least three words remain: <title> is
// where sites put their name.
func dropTitleSuffix(t string) string {
	locs := titleSepRe.FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return t
	}
	last := locs[len(locs)-1]
	head, tail := strings.TrimSpace(t[:last[0]]), t[last[1]:]
	if len(strings.Fields(tail)) <= 4 && len(strings.Fields(head)) >= 3 {
		return head
	}
	return t
}

func canonicalURL(m pageMeta, base *url.URL) string {
	for _, u := range []string{m.canonical, m.meta["og:url"]} {
		if u == "" {
			continue
		}
		ref, err := url.Parse(u)
		if err != nil {
			continue
		}
		if base != nil {
			ref = base.ResolveReference(ref)
		}
		if ref.IsAbs() {
			return ref.String()
		}
	}
	return ""
}

func author(m pageMeta) string {
	if a := jsonldAuthor(m); a != "" {
		return a
	}
	for _, k := range []string{"author", "article:author", "dc.creator", "dc:creator", "parsely-author", "sailthru.author", "byl"} {
		if a := m.meta[k]; a != "" && !strings.Contains(a, "://") {
			return strings.TrimPrefix(a, "By ")
		}
	}
	if a := m.itemprop["author"]; a != "" && !strings.Contains(a, "://") && len(a) < 100 {
		return a
	}
	if m.relAuthor != "" && len(m.relAuthor) < 100 {
		return m.relAuthor
	}
	return ""
}

// publishedKeys are the meta names that carry the publication time, in
// order of trust.
var publishedKeys = []string{
	"article:published_time", "og:article:published_time", "article:published", "published_time",
	"datepublished", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date",
	"publish_date", "publication_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
	"dcterms.created", "dc.date.created", "date", "article.published", "mediator_published_time",
	"og:published_time", "cxenseparse:recs:publishtime", "datecreated",
}

// htmlPublished reads the publication time from the site's selector,
// metadata, <time> elements and the URL, in that order.
func htmlPublished(root *html.Node, m pageMeta, sel *pipeline.Selectors, in Input, now time.Time, loc *time.Location) time.Time {
	try := func(s string) (time.Time, bool) {
		if s == "" {
			return time.Time{}, false
		}
		return dates.Parse(s, now, loc)
	}
	if sel.Published != "" {
		for _, n := range queryAll(root, sel.Published) {
			for _, v := range []string{attr(n, "datetime"), attr(n, "content"), nodeText(n)} {
				if t, ok := try(v); ok {
					return t
				}
			}
		}
	}
	if t, ok := try(jsonldString(m, "datePublished")); ok {
		return t
	}
	for _, k := range publishedKeys {
		if t, ok := try(m.meta[k]); ok {
			return t
		}
	}
	if t, ok := try(m.itemprop["datepublished"]); ok {
		return t
	}
	for _, pass := range []bool{true, false} {
		for _, te := range m.times {
			if te.pub != pass {
				continue
			}
			if t, ok := try(te.datetime); ok {
				return t
			}
			if pass {
				if t, ok := try(te.text); ok {
					return t
				}
			}
		}
	}
	if t, ok := try(jsonldString(m, "dateCreated")); ok {
		return t
	}
	for _, u := range []string{in.URL, m.canonical} {
		if t, ok := dates.FromURL(u, now, loc); ok {
			return t
		}
	}
	return time.Time{}
}

// visibleDates returns the dates a page shows near its headline: lines
// holding little more than a date, or a date labelled as the publication
// ("Veröffentlicht am 27. Mai 2024"), among the lines just before and after
// the title, or in the page's first lines when the title is not in the text.
func visibleDates(root *html.Node, title string, now time.Time, loc *time.Location) []dateCand {
	body := root
	if b := findAtom(root, atom.Body, 0); b != nil {
		body = b
	}
	lines := strings.Split(renderText(body), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	from, to := 0, len(lines)
	for i, l := range lines {
		if title != "" && sameText(l, title) {
			from, to = max(0, i-6), min(len(lines), i+12)
			break
		}
	}
	if to-from > 60 {
		to = from + 60
	}
	var out []dateCand
	for _, l := range lines[from:to] {
		if l == "" || len(l) > 300 {
			continue
		}
		cs := labeledDates(l, now, loc)
		if len(cs) == 0 {
			continue
		}
		labelled := false
		for _, c := range cs {
			labelled = labelled || c.kind == labelPublished
		}
		if !labelled && !isDateOnly(l) && !isBylineDate(l) {
			continue
		}
		for _, c := range cs {
			if c.hasYear || c.hasTime || c.kind == labelPublished {
				out = append(out, c)
			}
		}
		if len(out) >= 8 {
			break
		}
	}
	return out
}

func findAtom(n *html.Node, a atom.Atom, depth int) *html.Node {
	if depth > 64 {
		return nil
	}
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findAtom(c, a, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// queryAll returns the nodes matching a CSS selector group; an invalid
// selector matches nothing (configs are validated where they are loaded).
func queryAll(root *html.Node, selector string) []*html.Node {
	sel, err := cascadia.ParseGroup(selector)
	if err != nil {
		return nil
	}
	return cascadia.QueryAll(root, sel)
}

func removeMatching(root *html.Node, selector string) {
	for _, n := range queryAll(root, selector) {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// sectionTitle reports whether the title came from a <title> that names a
// section and the site ("Новости - Администрация Смоленской области"), as
// portals without <h1> or metadata write it.
func sectionTitle(m pageMeta, title string) bool {
	if len(m.h1) > 0 || m.titleTag == "" || jsonldTitle(m) != "" || m.itemprop["headline"] != "" {
		return false
	}
	for _, k := range []string{"og:title", "title", "twitter:title", "dc.title", "headline"} {
		if m.meta[k] != "" {
			return false
		}
	}
	parts := titleSepRe.Split(title, -1)
	return len(parts) > 1 && len(strings.Fields(parts[0])) <= 2
}

// headlineOfText returns the line above the running text that shares at
// least two word stems with the lead, or "".
func headlineOfText(paras []string) string {
	t, i := pickTitle(paras)
	if i < 0 {
		return ""
	}
	ts := stems(t)
	for _, p := range paras[i+1:] {
		if !isBody(p) {
			continue
		}
		hit := 0
		for s := range stems(p) {
			if ts[s] {
				hit++
			}
		}
		if hit >= 2 {
			return t
		}
		break
	}
	return ""
}
