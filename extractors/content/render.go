package content

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockAtoms are elements that start a new paragraph in rendered text.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Figure: true, atom.Figcaption: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Main: true, atom.Aside: true,
	atom.Nav: true, atom.Form: true, atom.Fieldset: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Caption: true, atom.Body: true,
}

// skipAtoms never hold readable text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Select: true, atom.Option: true, atom.Button: true, atom.Input: true,
	atom.Textarea: true, atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true,
}

// textRenderer collects paragraphs from a node tree: block elements end a
// paragraph, <br> ends a line, and runs of white space become one space.
type textRenderer struct {
	paras []string
	cur   strings.Builder
	// gap is set at an inline element's edge: go-trafilatura trims the
	// text around every element, so "<b>МОСКВА.</b> Текст" reaches us as
	// "МОСКВА.Текст"; the next text then gets back its space.
	gap bool
}

// renderText returns the readable text under the nodes with paragraphs
// separated by "\n\n".
func renderText(nodes ...*html.Node) string {
	var r textRenderer
	for _, n := range nodes {
		r.walk(n, 0)
		r.flush()
	}
	return strings.Join(r.paras, "\n\n")
}

func (r *textRenderer) flush() {
	lines := strings.Split(r.cur.String(), "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		r.paras = append(r.paras, strings.Join(kept, "\n"))
	}
	r.cur.Reset()
	r.gap = false
}

func (r *textRenderer) walk(n *html.Node, depth int) {
	if depth > 512 { // html.Parse caps nesting too; this guards hand-built trees
		return
	}
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
		a := elemAtom(n)
		if skipAtoms[a] || hidden(n) {
			return
		}
		switch a {
		case atom.Br:
			r.cur.WriteByte('\n')
			return
		case atom.Td, atom.Th:
			r.cur.WriteByte(' ')
		case atom.Img:
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	elem := n.Type == html.ElementNode
	block := elem && blockAtoms[elemAtom(n)]
	if block {
		r.flush()
	} else if elem {
		r.gap = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, depth+1)
	}
	if block {
		r.flush()
	} else if elem {
		r.gap = true
	}
}

// text appends a text node, restoring the space an inline element's edge
// lost unless punctuation that hugs its neighbour is on either side.
func (r *textRenderer) text(s string) {
	if r.gap && r.cur.Len() > 0 && s != "" {
		prev, _ := utf8.DecodeLastRuneInString(r.cur.String())
		next, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(prev) && !unicode.IsSpace(next) &&
			!strings.ContainsRune("([{«„“‘/-–—'\"", prev) && !strings.ContainsRune(".,;:!?)]}»”’/-–—'\"%…", next) &&
			!isCJK(prev) && !isCJK(next) {
			r.cur.WriteByte(' ')
		}
	}
	r.gap = false
	r.cur.WriteString(s)
}

// isCJK reports ideographs and kana, which are written without spaces.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// elemAtom is the element's atom; trees built by go-trafilatura carry only
// the tag name.
func elemAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// hidden reports elements the page hides from readers.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// attr returns the value of the named attribute.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// nodeText is the collapsed text content of a node, for short fields.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, d int) {
		if d > 512 {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && skipAtoms[n.DataAtom] && n.DataAtom != atom.Title {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, d+1)
		}
	}
	walk(n, 0)
	return strings.Join(strings.Fields(b.String()), " ")
}
