package content

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

//go:embed boilerclass.txt
var boilerClassData string

// boilerWords holds the words of boilerclass.txt.
var boilerWords = loadWords(boilerClassData)

func loadWords(data string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(data, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}

// furnitureName reports whether a class or id value names page furniture
// (related links, share buttons, subscription boxes, comments, tags).
func furnitureName(v string) bool {
	v = strings.ToLower(v)
	if v == "" {
		return false
	}
	for _, tok := range strings.Fields(v) {
		if boilerWords[tok] {
			return true
		}
		for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
			if boilerWords[part] {
				return true
			}
		}
	}
	return false
}

// pruneFurniture removes elements named as furniture by their class or id
// that hold less than a third of the body's text, so that the engines,
// which know mostly English names, do not keep "Noticias relacionadas" or
// a "Смотрите также" box inside the article.
func pruneFurniture(root *html.Node) {
	body := findAtom(root, atom.Body, 0)
	if body == nil {
		return
	}
	total := textLen(body, 0)
	if total == 0 {
		return
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && c.DataAtom != atom.Article && c.DataAtom != atom.Main &&
				(furnitureName(attr(c, "class")) || furnitureName(attr(c, "id"))) &&
				3*textLen(c, 0) < total {
				n.RemoveChild(c)
			} else {
				walk(c, depth+1)
			}
			c = next
		}
	}
	walk(body, 0)
}

// textLen counts the characters of text under n.
func textLen(n *html.Node, depth int) int {
	if n.Type == html.TextNode {
		return utf8.RuneCountInString(strings.TrimSpace(n.Data))
	}
	if depth > 512 {
		return 0
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += textLen(c, depth+1)
	}
	return total
}
