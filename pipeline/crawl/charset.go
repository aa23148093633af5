package crawl

import (
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/htmlindex"
)

// decodeHTML converts an HTML body to UTF-8 and names the charset used.
// Order: BOM, the Content-Type header, <meta charset> in the first 1024
// bytes, then sniffing: valid UTF-8 stays UTF-8, otherwise a Cyrillic
// single-byte page is told apart as windows-1251 or KOI8-R by letter case
// statistics, and anything else is read as windows-1252 (the HTML default).
func decodeHTML(body []byte, contentType string) (string, string) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain {
		// DetermineEncoding falls back to windows-1252 when neither header
		// nor meta names a charset; agency pages in Russian often rely on
		// the browser guessing.
		if utf8.Valid(body) {
			return string(body), "utf-8"
		}
		if n := sniffCyrillic(body); n != "" {
			e, _ := htmlindex.Get(n)
			enc, name = e, n
		}
	}
	if name == "utf-8" {
		if utf8.Valid(body) {
			return string(body), name
		}
		return strings.ToValidUTF8(string(body), "\uFFFD"), name
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8"
	}
	return string(out), name
}

// sniffCyrillic guesses windows-1251 or KOI8-R for a non-UTF-8 body whose
// high bytes look like Russian text, or returns "".
//
// In windows-1251 lower-case letters are 0xE0-0xFF and capitals 0xC0-0xDF;
// KOI8-R has them the other way round. Running text is mostly lower case,
// so the busier half tells the two apart.
func sniffCyrillic(b []byte) string {
	var lowCP, upCP, high int
	for _, c := range b {
		if c < 0x80 {
			continue
		}
		high++
		switch {
		case c >= 0xE0:
			lowCP++
		case c >= 0xC0:
			upCP++
		}
	}
	letters := lowCP + upCP
	if high == 0 || letters*10 < high*7 {
		return ""
	}
	if lowCP >= upCP {
		return "windows-1251"
	}
	return "koi8-r"
}

// withCharset returns contentType with a charset parameter naming cs when
// it has none, so that extraction decodes a sniffed page the same way.
func withCharset(contentType, cs string) string {
	if cs == "" {
		return contentType
	}
	if contentType == "" {
		contentType = "text/html"
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] != "" {
		return contentType
	}
	params["charset"] = cs
	return mime.FormatMediaType(mt, params)
}
