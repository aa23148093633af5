// Command extractbench measures tieline's content extraction against a
// folder of pages with expected output (the Mozilla Readability test pages
// layout: <case>/source.html, expected.html, expected-metadata.json) and,
// optionally, against plain-text documents with gold metadata.
//
// Usage:
//
//	go run ./cmd/extractbench -pages DIR [-v] [-runs N]
//	go run ./cmd/extractbench -docs DIR -gold FILE [-v]
//
// Scores for -pages:
//
//   - text F1: bag-of-words F1 between the extracted text and the text of
//     expected.html; tokens are maximal runs of letters and digits, lower
//     cased. Averaged over all pages.
//   - title: right when the two titles are equal after lower-casing,
//     collapsing white space and unifying quotes and dashes, or when one
//     equals the other plus a site-name suffix after a separator (" | Site", " - Site", "_Site", " [Site]"). Counted over
//     pages whose expected title is non-empty.
//   - date: right when the extracted time and publishedTime fall on the
//     same calendar day (each read in its own zone offset), or are the same
//     instant. Counted over pages with a publishedTime.
//   - speed: pages per second on one goroutine, over all pages.
//
// Scores for -docs: published is right when the extracted date, formatted
// 2006-01-02, starts with or ends with the gold string ("2020", "05-17",
// "2019-12-09"); source is right when the gold source equals the original
// agency (or the site's agency when the text credits none); language is
// compared as is.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"

	"github.com/tieline/tieline/extractors/content"
)

func main() {
	if err := Main(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "extractbench:", err)
		os.Exit(1)
	}
}

// Main runs the command with args, writing the report to w.
func Main(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("extractbench", flag.ContinueOnError)
	pages := fs.String("pages", "", "folder of test pages (<case>/source.html, expected.html, expected-metadata.json)")
	docs := fs.String("docs", "", "folder of plain-text documents")
	gold := fs.String("gold", "", "gold.json for -docs")
	verbose := fs.Bool("v", false, "print one line per page")
	runs := fs.Int("runs", 1, "passes over the pages for the speed figure")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *pages != "":
		return benchPages(*pages, *runs, *verbose, w)
	case *docs != "" && *gold != "":
		return benchDocs(*docs, *gold, *verbose, w)
	}
	fs.Usage()
	return errors.New("give -pages DIR, or -docs DIR -gold FILE")
}

const usage = `usage: extractbench -pages DIR [-v] [-runs N]
       extractbench -docs DIR -gold FILE [-v]

-pages scores (DIR/<case>/source.html, expected.html, expected-metadata.json):
  text F1   bag-of-words F1 of extracted text vs expected.html text (tokens:
            lower-cased runs of letters/digits), mean over all pages
  title     right if equal after lower-casing, collapsing spaces and unifying
            quotes/dashes, or if one is the other plus a site suffix after a
            separator (" | Site", " - Site", "_Site", " [Site]"); over pages
            with an expected title
  date      right if same calendar day (each in its own zone offset) or the
            same instant as publishedTime; over pages with publishedTime
  speed     pages/s on one goroutine (wall clock)
-docs scores: published right if YYYY-MM-DD starts or ends with the gold
  string ("2020", "05-17"); source = original agency, else the site's agency.

`

type expectedMeta struct {
	Title         string `json:"title"`
	PublishedTime string `json:"publishedTime"`
	Lang          string `json:"lang"`
}

func benchPages(dir string, runs int, verbose bool, w io.Writer) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	fetched := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // after every page in the set
	var (
		n, titled, titleOK, dated, dateOK int
		f1sum                             float64
		elapsed                           time.Duration
		bytesIn                           int
		failed                            []string
	)
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(filepath.Join(c, "source.html"))
		if err != nil {
			continue
		}
		expHTML, err := os.ReadFile(filepath.Join(c, "expected.html"))
		if err != nil {
			continue
		}
		var meta expectedMeta
		if b, err := os.ReadFile(filepath.Join(c, "expected-metadata.json")); err == nil {
			_ = json.Unmarshal(b, &meta)
		}
		in := content.Input{Body: src, URL: "http://fakehost/test/page.html", FetchedAt: fetched}
		start := time.Now()
		var res content.Result
		for range max(runs, 1) {
			res, err = content.Extract(in)
		}
		elapsed += time.Since(start)
		bytesIn += len(src) * max(runs, 1)
		n++
		f1 := tokenF1(tokens(res.Text), tokens(htmlText(expHTML)))
		f1sum += f1
		line := fmt.Sprintf("%-40s f1=%.3f got=%d want=%d", e.Name(), f1, len(tokens(res.Text)), len(tokens(htmlText(expHTML))))
		if err != nil {
			line += " err=" + err.Error()
		}
		if strings.TrimSpace(meta.Title) != "" {
			titled++
			if titleRight(res.Title, meta.Title) {
				titleOK++
			} else {
				line += fmt.Sprintf(" TITLE got=%q want=%q", res.Title, meta.Title)
				failed = append(failed, e.Name()+" title")
			}
		}
		if meta.PublishedTime != "" {
			dated++
			if dateRight(res.Published, meta.PublishedTime) {
				dateOK++
			} else {
				line += fmt.Sprintf(" DATE got=%v want=%s", res.Published, meta.PublishedTime)
				failed = append(failed, e.Name()+" date")
			}
		}
		if verbose {
			fmt.Fprintln(w, line)
		}
	}
	if n == 0 {
		return fmt.Errorf("no test pages in %s", dir)
	}
	fmt.Fprintf(w, "pages           %d\n", n)
	fmt.Fprintf(w, "text F1 (mean)  %.3f\n", f1sum/float64(n))
	fmt.Fprintf(w, "title right     %d/%d = %.1f%%\n", titleOK, titled, pct(titleOK, titled))
	fmt.Fprintf(w, "date right      %d/%d = %.1f%%\n", dateOK, dated, pct(dateOK, dated))
	secs := elapsed.Seconds()
	fmt.Fprintf(w, "speed           %.1f pages/s, %.2f MB/s (one goroutine, mean page %d KB)\n",
		float64(n*max(runs, 1))/secs, float64(bytesIn)/secs/1e6, bytesIn/max(runs, 1)/n/1024)
	return nil
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// htmlText returns the text nodes of an HTML fragment, space separated.
func htmlText(b []byte) string {
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		return ""
	}
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return sb.String()
}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// tokenF1 is the bag-of-words F1 of got against want; two empty texts agree.
func tokenF1(got, want []string) float64 {
	if len(got) == 0 && len(want) == 0 {
		return 1
	}
	if len(got) == 0 || len(want) == 0 {
		return 0
	}
	counts := map[string]int{}
	for _, t := range want {
		counts[t]++
	}
	common := 0
	for _, t := range got {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(got))
	r := float64(common) / float64(len(want))
	return 2 * p * r / (p + r)
}

var titleNorm = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "«", `"`, "»", `"`, "–", "-", "—", "-", "\u00a0", " ")

func normTitle(s string) string {
	s = html.UnescapeString(s)
	return strings.ToLower(strings.Join(strings.Fields(titleNorm.Replace(s)), " "))
}

// titleRight compares titles, forgiving a site-name suffix on either side.
func titleRight(got, want string) bool {
	g, w := normTitle(got), normTitle(want)
	if g == "" {
		return false
	}
	if g == w {
		return true
	}
	long, short := g, w
	if len(short) > len(long) {
		long, short = short, long
	}
	if !strings.HasPrefix(long, short) {
		return false
	}
	rest := strings.TrimSpace(long[len(short):])
	for _, sep := range []string{"|", "-", ":", "/", "·", "•", "::", "_", "["} {
		if strings.HasPrefix(rest, sep) {
			return true
		}
	}
	return false
}

// dateRight compares an extracted time with an expected time string.
func dateRight(got time.Time, want string) bool {
	if got.IsZero() {
		return false
	}
	want = strings.TrimSpace(want)
	for _, layout := range []string{
		time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04",
		"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999", "2006-01-02 15:04:05.999999", "2006-01-02 15:04:05", "2006-01-02",
	} {
		t, err := time.Parse(layout, want)
		if err != nil {
			continue
		}
		if t.Equal(got) {
			return true
		}
		return got.Format("2006-01-02") == t.Format("2006-01-02")
	}
	return strings.HasPrefix(want, got.Format("2006-01-02"))
}

type goldDoc struct {
	Doc       string `json:"doc"`
	Language  string `json:"language"`
	Published string `json:"published"`
	Source    string `json:"source"`
}

func benchDocs(dir, goldPath string, verbose bool, w io.Writer) error {
	b, err := os.ReadFile(goldPath)
	if err != nil {
		return fmt.Errorf("reading %s: %w", goldPath, err)
	}
	var golds []goldDoc
	if err := json.Unmarshal(b, &golds); err != nil {
		return fmt.Errorf("parsing %s: %w", goldPath, err)
	}
	sort.Slice(golds, func(i, j int) bool { return golds[i].Doc < golds[j].Doc })
	var n, langN, langOK, pubN, pubOK, srcN, srcOK int
	for _, g := range golds {
		body, err := os.ReadFile(filepath.Join(dir, g.Doc))
		if err != nil {
			return fmt.Errorf("reading %s: %w", g.Doc, err)
		}
		n++
		res, err := content.Extract(content.Input{Body: body})
		line := fmt.Sprintf("%-28s lang=%s published=%s source=%q dateline=%q title=%q",
			g.Doc, res.Language, fmtDate(res.Published), sourceOf(res), res.Dateline, res.Title)
		if err != nil {
			line += " err=" + err.Error()
		}
		if g.Language != "" {
			langN++
			if res.Language == g.Language {
				langOK++
			} else {
				line += " LANG want=" + g.Language
			}
		}
		if g.Published != "" {
			pubN++
			d := fmtDate(res.Published)
			if d != "" && (strings.HasPrefix(d, g.Published) || strings.HasSuffix(d, g.Published)) {
				pubOK++
			} else {
				line += " PUBLISHED want=" + g.Published
			}
		}
		if g.Source != "" {
			srcN++
			if sourceOf(res) == g.Source {
				srcOK++
			} else {
				line += " SOURCE want=" + g.Source
			}
		}
		if verbose {
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "docs        %d\n", n)
	fmt.Fprintf(w, "language    %d/%d\n", langOK, langN)
	fmt.Fprintf(w, "published   %d/%d\n", pubOK, pubN)
	fmt.Fprintf(w, "source      %d/%d\n", srcOK, srcN)
	return nil
}

func sourceOf(r content.Result) string {
	if r.OriginalAgency != "" {
		return r.OriginalAgency
	}
	return r.Agency
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
