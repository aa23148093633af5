package content

import (
	_ "embed"
	"strings"
	"unicode"
)

//go:embed stopwords.txt
var stopwordsData string

// stopwords maps a word to the languages it is a function word of.
var stopwords, stopLangs = loadStopwords(stopwordsData)

func loadStopwords(data string) (map[string][]string, []string) {
	m := map[string][]string{}
	var langs []string
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		langs = append(langs, f[0])
		for _, w := range f[1:] {
			m[w] = append(m[w], f[0])
		}
	}
	return m, langs
}

// DetectLanguage returns the ISO 639-1 code of the language text is written
// in, or "" when the text gives too little evidence. It decides the script
// by counting letters and, within Latin and Cyrillic, the language by
// counting function words; English and Russian are the cases it must get
// right, others are best effort.
func DetectLanguage(text string) string {
	if len(text) > 20000 {
		text = text[:20000] // plenty of evidence; keeps the cost flat
	}
	var latin, cyr, han, kana, hangul, arabic, greek, hebrew, letters int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case r < 0x250:
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		}
	}
	if letters < 3 {
		return ""
	}
	half := letters / 2
	switch {
	case cyr > half:
		return cyrillicLanguage(text)
	case latin > half:
		return byStopwords(text, "en")
	case kana > 0 && kana+han > half:
		return "ja"
	case han > half:
		return "zh"
	case hangul > half:
		return "ko"
	case arabic > half:
		return "ar"
	case greek > half:
		return "el"
	case hebrew > half:
		return "he"
	}
	return ""
}

// cyrillicLanguage tells Russian from its neighbours by letters only they
// use, then by function words: Kazakh has ә ғ қ ұ һ, Kyrgyz only ң ө ү of
// those, Uzbek ў with қ ғ ҳ, Tajik ҷ ӣ ӯ, Belarusian ў without them,
// Ukrainian ї є ґ.
func cyrillicLanguage(text string) string {
	var uk, be, kk, ky, uz, tg int
	for _, r := range strings.ToLower(text) {
		switch r {
		case 'ї', 'є', 'ґ':
			uk++
		case 'ў':
			be++
		case 'ә', 'ұ', 'һ':
			kk++
		case 'ғ', 'қ':
			kk++
			uz++
		case 'ң', 'ө', 'ү':
			ky++
		case 'ҳ':
			uz += 2
		case 'ҷ', 'ӣ', 'ӯ':
			tg++
		}
	}
	switch {
	case tg > 3:
		return "tg"
	case be > 0 && uz > 3 && uz >= kk:
		return "uz"
	case kk > 3:
		return "kk"
	case ky > 3:
		return "ky"
	case be > 3:
		return "be"
	case uk > 3:
		return "uk"
	}
	if l := byStopwords(text, "ru"); l == "uk" || l == "be" || l == "kk" || l == "ky" {
		return l
	}
	return "ru"
}

// byStopwords returns the language whose function words are most frequent
// in text, or def when none is.
func byStopwords(text, def string) string {
	counts := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		for _, l := range stopwords[w] {
			counts[l]++
		}
	}
	best, n := "", 0
	for _, l := range stopLangs { // file order breaks ties: en and ru first
		if counts[l] > n {
			best, n = l, counts[l]
		}
	}
	if best == "" {
		return def
	}
	return best
}

// normLang reduces a language tag ("en-US", "ru_RU") to its primary subtag.
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	return tag
}
