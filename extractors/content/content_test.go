package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/tieline/tieline/pipeline"
)

var fetched = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// Plain-text fixtures modelled on the dev documents: the boilerplate lines
// are the kinds the agencies' pages carry.
const belta = `Adress: 18 Oktyabrskaya Street

Berezino, 223310, Minsk oblast

Phone +375-17-15-5-58-41

Fax: +375-17-15-5-58-41

Friday, 12 October 2018 15:52

Belarus president talks about importance of regional cooperation with Russia

It is in the regions of Belarus and Russia where multiple manufacturing chains begin to result in joint products. Belarus President Alexander Lukashenko made the statement in Mogilev on 12 October, BelTA has learned.

Alexander Lukashenko said the forum has become a venue for discussing key matters of interstate relations between the two countries and their regions.

146 times (а)
`

const beltaOther = `Belarus, Russia’s Perm Krai outline new avenues of cooperation

19:20, 17 May

Photo from Telegram channel of Perm Krai Governor Dmitry Makhonin

Belarus and Perm Krai need to ramp up cooperation and trade, Ambassador of Belarus to Russia Dmitry Krutoi said following the negotiations with Perm Krai Governor Dmitry Makhonin on 17 May, BelTA has learned.

During the working trip to Perm on 16-17 May, the ambassador visited the high-tech technopark and other enterprises of the region, the embassy said.

Other materials of «Economics»

Belarus’ exports of building materials to Russia’s Voronezh Oblast at $2.6m in January-March

09:01, 11 June

Substantial progress secured by Belarus, Russia in creating common energy markets pointed out

16:50, 6 June
`

const tassArchive = `Welcome, Guest!

lost your password?

Ministry of economic development of the Russian Federation

Regions of Russia and Japan continue dialogue despite pandemic

The dialogue between the regions of Russia and Japan continues, despite the difficult situation with the coronavirus, Pyotr Pavlenko, trade representative of Russia in Japan, said in an interview with TASS.

"The dialogue with Russian regions continues in the current difficult conditions," he said.

Source: TASS

← previous   archive   next →

19.08.2020 - 20.08.2020
24.08.2020 - 26.08.2020
25.08.2020 - 27.08.2020
`

const urdupoint = ` date 2019-12-09 French companies are interested in fostering cooperation with Russian regions, Russia's trade representative in France, Mikhail Makarov, told Sputnik

PARIS (UrduPoint News / Sputnik - 09th December, 2019) French companies are interested in fostering cooperation with Russian regions, which, in turn, aim to enter foreign markets, Russia's trade representative in France, Mikhail Makarov, told Sputnik.

In August, the trade envoy said that French businesses were among the largest foreign partners in the Russian market.
`

const russian = `В Астрахань приезжает посол Узбекистана

07.04.2009 18:30 МСК

В период с 9 по 11 апреля 2009 года Астраханскую область посетит Чрезвычайный и Полномочный Посол Республики Узбекистан в Российской Федерации, сообщает РИА Новости. Астраханская область станет первым российским регионом, который посетит новый посол.

Читайте также

Другая новость о визитах послов в регионы
`

func TestExtractPlain(t *testing.T) {
	tests := []struct {
		name       string
		doc        string
		title      string
		published  string // 2006-01-02, "" = zero
		lang       string
		original   string
		dateline   string
		textHas    []string
		textHasNot []string
	}{
		{
			name: "belta header and counter", doc: belta,
			title:     "Belarus president talks about importance of regional cooperation with Russia",
			published: "2018-10-12", lang: "en", original: "BelTA",
			textHas:    []string{"It is in the regions", "\n\nAlexander Lukashenko said"},
			textHasNot: []string{"Adress", "223310", "Phone", "Fax", "146 times", "Friday, 12 October"},
		},
		{
			name: "yearless date and other materials", doc: beltaOther,
			title:     "Belarus, Russia’s Perm Krai outline new avenues of cooperation",
			published: "2026-05-17", lang: "en", original: "BelTA",
			textHas:    []string{"ramp up cooperation"},
			textHasNot: []string{"Other materials", "Voronezh", "09:01", "Photo from Telegram"},
		},
		{
			name: "archive list and source line", doc: tassArchive,
			title: "Regions of Russia and Japan continue dialogue despite pandemic",
			lang:  "en", original: "TASS",
			textHas:    []string{"The dialogue between the regions"},
			textHasNot: []string{"19.08.2020", "previous", "Welcome, Guest", "password"},
		},
		{
			name: "date label and urdupoint dateline", doc: urdupoint,
			published: "2019-12-09", lang: "en", original: "Sputnik",
			dateline:   "PARIS (UrduPoint News / Sputnik - 09th December, 2019)",
			textHas:    []string{"French companies"},
			textHasNot: []string{"date 2019-12-09"},
		},
		{
			name: "inline also-read teaser keeps the paragraphs after it",
			doc: "India, Russia to deepen ties between states and regions\n\n" +
				"New Delhi, Oct 8: India and Russia decided to go ahead with cooperation between Indian states and Russian regions.\n\n" +
				"Also Read | India and Russia formally announce supply of S-400 Missile System to India\n\n" +
				"Efforts aimed at signing of agreements between Assam and Sakhalin have been welcomed by both countries.\n\n" +
				"Also read:\n\nModi meets Putin in Sochi\n\nRussia opens new consulate",
			lang: "en", published: "2026-10-08", // "Oct 8": the latest one not after the fetch
			textHas:    []string{"Assam and Sakhalin"},
			textHasNot: []string{"Also Read", "S-400", "Sochi", "consulate"},
		},
		{
			name: "russian with read-also block", doc: russian,
			title:     "В Астрахань приезжает посол Узбекистана",
			published: "2009-04-07", lang: "ru", original: "RIA Novosti",
			textHas:    []string{"Астраханскую область посетит"},
			textHasNot: []string{"Читайте также", "Другая новость", "МСК"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Extract(Input{Body: []byte(tt.doc), FetchedAt: fetched})
			if err != nil {
				t.Fatal(err)
			}
			if r.IsHTML {
				t.Error("IsHTML = true for plain text")
			}
			if tt.title != "" && r.Title != tt.title {
				t.Errorf("Title = %q, want %q", r.Title, tt.title)
			}
			if got := fmtDay(r.Published); got != tt.published {
				t.Errorf("Published = %q, want %q", got, tt.published)
			}
			if r.Language != tt.lang {
				t.Errorf("Language = %q, want %q", r.Language, tt.lang)
			}
			if r.OriginalAgency != tt.original {
				t.Errorf("OriginalAgency = %q, want %q", r.OriginalAgency, tt.original)
			}
			if tt.dateline != "" && r.Dateline != tt.dateline {
				t.Errorf("Dateline = %q, want %q", r.Dateline, tt.dateline)
			}
			for _, s := range tt.textHas {
				if !strings.Contains(r.Text, s) {
					t.Errorf("Text lacks %q:\n%s", s, r.Text)
				}
			}
			for _, s := range tt.textHasNot {
				if strings.Contains(r.Text, s) {
					t.Errorf("Text has boilerplate %q:\n%s", s, r.Text)
				}
			}
		})
	}
}

func fmtDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func TestExtractHTMLPages(t *testing.T) {
	// Expected values read by hand from each page's expected-metadata.json
	// and expected.html.
	tests := []struct {
		page, title, published, lang, textHas string
	}{
		{"001", "Get your Frontend JavaScript Code Covered | Code", "", "en", "code coverage"},
		{"bbc-1", "Obama admits US gun laws are his 'biggest frustration'", "2015-07-24", "en", "gun safety laws"},
		{"iab-1", "Getting LEAN with Digital Ad UX", "2015-10-15", "en", "We messed up"},
		{"lemonde-1", "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée", "", "fr", "renseignement"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "pages", tt.page, "source.html"))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Extract(Input{Body: body, URL: "http://fakehost/test/page.html", FetchedAt: fetched})
			if err != nil {
				t.Fatal(err)
			}
			if !r.IsHTML {
				t.Error("IsHTML = false")
			}
			if !strings.EqualFold(strings.Join(strings.Fields(r.Title), " "), tt.title) {
				t.Errorf("Title = %q, want %q", r.Title, tt.title)
			}
			if tt.published != "" && fmtDay(r.Published) != tt.published {
				t.Errorf("Published = %v, want %s", r.Published, tt.published)
			}
			if r.Language != tt.lang {
				t.Errorf("Language = %q, want %q", r.Language, tt.lang)
			}
			if !strings.Contains(r.Text, tt.textHas) {
				t.Errorf("Text lacks %q", tt.textHas)
			}
			if !strings.Contains(r.Text, "\n\n") {
				t.Error("Text has no paragraph breaks")
			}
		})
	}
}

const agencyPage = `<!DOCTYPE html><html lang="ru"><head>
<meta charset="utf-8">
<title>Пермский край и Белоруссия подписали соглашение - ТАСС</title>
<meta property="og:title" content="Пермский край и Белоруссия подписали соглашение">
<meta property="article:published_time" content="2024-05-27T18:20:00+03:00">
<meta name="author" content="Иван Петров">
<link rel="canonical" href="/economy/123">
</head><body>
<nav><a href="/">Главная</a> <a href="/economy">Экономика</a></nav>
<div class="cookie">Мы используем файлы cookie для улучшения работы сайта</div>
<article>
<h1>Пермский край и Белоруссия подписали соглашение</h1>
<div class="date">27 мая 2024, 18:20</div>
<div class="text">
<p>ПЕРМЬ, 27 мая. /ТАСС/. Пермский край и Белоруссия подписали соглашение о торгово-экономическом сотрудничестве на 2024-2026 годы. Документ подписали губернатор края и посол республики в России.</p>
<p>Товарооборот Пермского края с Белоруссией по итогам прошлого года вырос на 15% и превысил 300 млн долларов, сообщили в правительстве региона.</p>
<p>Стороны договорились о поставках техники и о совместных проектах в машиностроении, лесной отрасли и сельском хозяйстве.</p>
</div>
<div class="share">Поделиться</div>
</article>
<aside><h3>Читайте также</h3><ul><li><a href="/a">Другая новость дня</a></li></ul></aside>
<footer>© ТАСС, 2024. Адрес: Тверской бульвар, 10</footer>
</body></html>`

func TestExtractHTMLAgency(t *testing.T) {
	r, err := Extract(Input{Body: []byte(agencyPage), URL: "https://tass.ru/economy/123?utm=x", FetchedAt: fetched})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 5, 27, 18, 20, 0, 0, time.FixedZone("", 3*3600))
	checks := []struct{ name, got, want string }{
		{"Title", r.Title, "Пермский край и Белоруссия подписали соглашение"},
		{"Language", r.Language, "ru"},
		{"Agency", r.Agency, "TASS"},
		{"OriginalAgency", r.OriginalAgency, ""}, // the site crediting itself
		{"Dateline", r.Dateline, "ПЕРМЬ, 27 мая. /ТАСС/"},
		{"CanonicalURL", r.CanonicalURL, "https://tass.ru/economy/123"},
		{"Author", r.Author, "Иван Петров"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !r.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", r.Published, want)
	}
	if _, off := r.Published.Zone(); off != 3*3600 {
		t.Errorf("Published zone offset = %d, want +03:00", off)
	}
	for _, bad := range []string{"cookie", "Поделиться", "Главная"} {
		if strings.Contains(r.Text, bad) {
			t.Errorf("Text has boilerplate %q:\n%s", bad, r.Text)
		}
	}
	if !strings.Contains(r.Text, "Товарооборот Пермского края") {
		t.Errorf("Text lacks the second paragraph:\n%s", r.Text)
	}
}

func TestExtractSelectors(t *testing.T) {
	page := `<html><head><title>Site name</title></head><body>
<div class="hdr"><span class="ttl">Real headline here</span><span class="when">12.10.2018</span></div>
<div class="story"><p>First paragraph of the story about regions.</p><p class="ad">Buy now</p><p>Second paragraph.</p></div>
<div class="side"><p>Sidebar text that a generic extractor might take because it is long enough to look like an article body, with many words in it, and more words, and even more words to make it longer than the story itself.</p></div>
</body></html>`
	r, err := Extract(Input{
		Body:      []byte(page),
		Selectors: &pipeline.Selectors{Title: ".ttl", Body: ".story", Published: ".when", Remove: ".ad"},
		FetchedAt: fetched,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Real headline here" {
		t.Errorf("Title = %q", r.Title)
	}
	if want := "First paragraph of the story about regions.\n\nSecond paragraph."; r.Text != want {
		t.Errorf("Text = %q, want %q", r.Text, want)
	}
	if fmtDay(r.Published) != "2018-10-12" {
		t.Errorf("Published = %v", r.Published)
	}
}

func TestCharsets(t *testing.T) {
	const text = "Губернатор Пермского края встретился с послом Белоруссии и обсудил сотрудничество регионов."
	enc := func(cm *charmap.Charmap) []byte {
		b, err := cm.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	html := func(meta string, body []byte) []byte {
		return append(append([]byte("<html><head>"+meta+"<title>t</title></head><body><p>"), body...), []byte("</p></body></html>")...)
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"utf-8 plain", []byte(text), ""},
		{"utf-8 BOM", append([]byte("\xEF\xBB\xBF"), text...), ""},
		{"windows-1251 by header", enc(charmap.Windows1251), "text/plain; charset=windows-1251"},
		{"windows-1251 sniffed", enc(charmap.Windows1251), ""},
		{"koi8-r sniffed", enc(charmap.KOI8R), ""},
		{"koi8-r by header", enc(charmap.KOI8R), `text/html; charset="KOI8-R"`},
		{"windows-1251 meta charset", html(`<meta charset="windows-1251">`, enc(charmap.Windows1251)), ""},
		{"koi8-r http-equiv", html(`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`, enc(charmap.KOI8R)), ""},
		{"windows-1251 html sniffed", html("", enc(charmap.Windows1251)), ""},
		{"header beats meta", html(`<meta charset="koi8-r">`, enc(charmap.Windows1251)), "text/html; charset=cp1251"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Extract(Input{Body: tt.body, ContentType: tt.contentType, FetchedAt: fetched})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Title+"\n"+r.Text, text) {
				t.Errorf("decoded text wrong: title %q text %q", r.Title, r.Text)
			}
		})
	}
}

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want error
	}{
		{"nil", nil, ErrEmpty},
		{"spaces", []byte(" \n\t "), ErrEmpty},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary},
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ"), ErrBinary},
		{"nul bytes", []byte("ab\x00\x00\x00\x01\x02\x03\x00\x00cd\x00\x00\x00\x00\x05\x06"), ErrBinary},
		{"empty html", []byte("<html><head></head><body></body></html>"), ErrNoText},
		{"too large", make([]byte, MaxBodySize+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Extract(Input{Body: tt.body})
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestExtractMalformed(t *testing.T) {
	for _, doc := range []string{
		"<html><body><p>Unclosed <b>bold <i>italic <div>block</p></span></body>",
		"<<<<>>>><p><p><p>text</p>",
		"<html><body>" + strings.Repeat("<div>", 5000) + "deep text in many divs" + "</body></html>",
		"<script>var a = '</script><p>after script</p>",
		"<html><head><script type=\"application/ld+json\">{broken json</script></head><body><p>Some body text.</p><p>More.</p><div>x</div></body></html>",
	} {
		if _, err := Extract(Input{Body: []byte(doc)}); err != nil && !errors.Is(err, ErrNoText) {
			t.Errorf("Extract(%.40q) = %v", doc, err)
		}
	}
}

func TestExtractLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB page takes seconds")
	}
	var b strings.Builder
	b.WriteString("<html><head><title>Big page</title></head><body>")
	for b.Len() < 10<<20 {
		b.WriteString("<div><p>Moscow and Minsk signed an agreement on cooperation between the regions, officials said.</p><a href='/a'>link</a></div>\n")
	}
	b.WriteString("</body></html>")
	r, err := Extract(Input{Body: []byte(b.String())})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Big page" || len(r.Text) == 0 || len(r.Text) > maxText {
		t.Errorf("Title %q, text %d bytes", r.Title, len(r.Text))
	}
}

func TestLooksHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html>", true},
		{"  \n<html lang=en>", true},
		{"Title\n\n<p>One</p><p>Two</p><div>x</div>", true},
		{"Plain text with a < sign and a > sign.", false},
		{"← previous   archive   next →", false},
		{"Just text.\nMore text.", false},
	}
	for _, tt := range tests {
		if got := looksHTML([]byte(tt.in)); got != tt.want {
			t.Errorf("looksHTML(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(belta), "")
	f.Add([]byte(agencyPage), "text/html; charset=utf-8")
	f.Add([]byte("<html><body><p>x</p></body></html>"), "text/html; charset=koi8-r")
	f.Add([]byte("\xEF\xBB\xBF<meta charset=windows-1251><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		r, err := Extract(Input{Body: body, ContentType: ct, URL: "https://tass.ru/2019/12/09/x", FetchedAt: fetched})
		if err != nil {
			return
		}
		if !r.Published.IsZero() && r.Published.After(fetched.Add(24*time.Hour)) {
			t.Errorf("published %v after fetch", r.Published)
		}
	})
}
