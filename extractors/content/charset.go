package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// toUTF8 decodes body to UTF-8 following the HTML standard's order: byte
// order mark, HTTP charset, <meta charset> in the first 1024 bytes; when
// none is given and the bytes are not valid UTF-8, it guesses between the
// Cyrillic single-byte encodings (windows-1251, KOI8-R) and windows-1252,
// because the agencies we crawl still serve the first two.
func toUTF8(body []byte, contentType string) (string, error) {
	if enc, name := bomEncoding(body); enc != nil {
		return decodeWith(enc, body, name)
	}
	if label := charsetParam(contentType); label != "" {
		if enc, name := charset.Lookup(label); enc != nil {
			return decodeWith(enc, body, name)
		}
	}
	if looksHTML(body) {
		if enc, name, certain := charset.DetermineEncoding(body, "text/html"); certain && enc != nil {
			// DetermineEncoding reports a <meta> declaration as certain.
			if name == "utf-8" && !utf8.Valid(body) {
				// The page lies about being UTF-8; guess instead.
			} else {
				return decodeWith(enc, body, name)
			}
		}
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	return decodeWith(guessSingleByte(body), body, "guessed")
}

func bomEncoding(b []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8BOM, "utf-8"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

func charsetParam(contentType string) string {
	for _, part := range strings.Split(contentType, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

func decodeWith(enc encoding.Encoding, body []byte, name string) (string, error) {
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return "", fmt.Errorf("decoding %s: %w", name, err)
	}
	return string(out), nil
}

// guessSingleByte picks the single-byte encoding under which the high bytes
// read most like Cyrillic text. In windows-1251 lower-case Cyrillic letters
// are 0xE0–0xFF and upper-case 0xC0–0xDF; KOI8-R has them the other way
// round. Running text is mostly lower case, so the half holding most high
// bytes tells them apart. Text with few such bytes is taken as windows-1252.
func guessSingleByte(b []byte) encoding.Encoding {
	var upper, lower, other, ascii int // 0xC0–0xDF, 0xE0–0xFF, 0x80–0xBF, ASCII letters
	inTag := false                     // markup is ASCII whatever the text's script; skip it
	for _, c := range b {
		switch {
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
		case inTag:
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			ascii++
		case c >= 0xE0:
			lower++
		case c >= 0xC0:
			upper++
		case c >= 0x80:
			other++
		}
	}
	cyr := upper + lower
	// Western text has a few accented letters among many ASCII ones;
	// Russian text is mostly high bytes.
	if cyr == 0 || cyr < 2*other || cyr < ascii/2 {
		return charmap.Windows1252
	}
	if upper > lower {
		return charmap.KOI8R
	}
	return charmap.Windows1251
}
