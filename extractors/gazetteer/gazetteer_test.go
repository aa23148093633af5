package gazetteer

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var loaded = sync.OnceValues(Load)

func gaz(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := loaded()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestStem(t *testing.T) {
	tests := []struct {
		name  string
		forms []string
	}{
		{"krai", []string{"край", "края", "краю", "краем", "крае", "краев", "краях"}},
		{"oblast", []string{"область", "области", "областью", "областей", "областям", "областями", "областях"}},
		{"adjective", []string{"пермский", "пермского", "пермскому", "пермским", "пермском"}},
		{"feminine adjective", []string{"свердловская", "свердловской", "свердловскую"}},
		{"noun in -ия", []string{"россия", "россии", "россию", "россией"}},
		{"noun in -ан", []string{"татарстан", "татарстана", "татарстану", "татарстаном", "татарстане"}},
		{"soft sign", []string{"астрахань", "астрахани", "астраханью"}},
		{"compound first part", []string{"российско", "российский"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := Stem(tc.forms[0])
			for _, f := range tc.forms[1:] {
				if got := Stem(f); got != want {
					t.Errorf("Stem(%s) = %s, Stem(%s) = %s", f, got, tc.forms[0], want)
				}
			}
		})
	}
	// Distinct names must stay distinct.
	for _, pair := range [][2]string{{"москва", "московская"}, {"пермь", "пермский"}, {"кит", "китай"}} {
		if Stem(pair[0]) == Stem(pair[1]) {
			t.Errorf("Stem(%s) == Stem(%s)", pair[0], pair[1])
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text string
		keys       []string
	}{
		{"possessive", "Russia's Perm Krai", []string{"russia", "perm", "krai"}},
		{"curly possessive", "Russia’s region", []string{"russia", "region"}},
		{"hyphen", "Khanty-Mansi", []string{"khanty", "mansi"}},
		{"dotted initials", "the U.S. and U.K.", []string{"the", "us", "and", "uk"}},
		{"saint", "St. Petersburg", []string{"saint", "petersburg"}},
		{"plural type word", "Rostov regions", []string{"rostov", "region"}},
		{"diacritics", "Bình Thuận", []string{"binh", "thuan"}},
		{"guillemets", "«Пермского края»", []string{"пермск", "кра"}},
		{"yo", "Ёлки", []string{"елк"}},
		{"apostrophe inside", "Amurskaya oblast'", []string{"amurskaya", "oblast"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tok := range Tokenize(tc.text) {
				got = append(got, tok.Key)
				if tok.Start < 0 || tok.End > len(tc.text) || tok.Start >= tok.End {
					t.Errorf("bad span %d..%d", tok.Start, tok.End)
				}
			}
			if !slices.Equal(got, tc.keys) {
				t.Errorf("keys = %q, want %q", got, tc.keys)
			}
		})
	}
}

// TestVariants checks that the rule variants of each type resolve to the
// right code.
func TestVariants(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		name string
		code string
	}{
		{"Perm Krai", "RU-PER"}, {"Perm Territory", "RU-PER"}, {"Perm Region", "RU-PER"}, {"Perm Kray", "RU-PER"},
		{"Sverdlovsk Oblast", "RU-SVE"}, {"Sverdlovsk Region", "RU-SVE"}, {"Sverdlovsk region", "RU-SVE"},
		{"Amurskaya Oblast", "RU-AMU"},
		{"Republic of Tatarstan", "RU-TA"}, {"Tatarstan Republic", "RU-TA"}, {"Tatarstan", "RU-TA"},
		{"Khanty-Mansi Autonomous Okrug", "RU-KHM"}, {"Khanty-Mansi Autonomous Area", "RU-KHM"}, {"Khanty-Mansi Autonomous District", "RU-KHM"},
		{"Moscow", "RU-MOW"}, {"Moscow Oblast", "RU-MOS"}, {"Moscow Region", "RU-MOS"},
		{"Saint Petersburg", "RU-SPE"}, {"St. Petersburg", "RU-SPE"},
		{"Minsk", "BY-HM"}, {"Minsk Oblast", "BY-MI"}, {"Minsk Region", "BY-MI"},
		{"Tashkent", "UZ-TK"}, {"Tashkent Region", "UZ-TO"}, {"Tashkent Province", "UZ-TO"},
		{"East Kazakhstan Region", "KZ-VOS"}, {"Akmola Region", "KZ-AKM"},
		{"Heilongjiang Province", "CN-HL"}, {"Heilongjiang", "CN-HL"},
		{"Пермский край", "RU-PER"}, {"Пермского края", "RU-PER"}, {"Пермском крае", "RU-PER"},
		{"Свердловской области", "RU-SVE"}, {"Республика Татарстан", "RU-TA"}, {"Татарстане", "RU-TA"},
		{"Ханты-Мансийского автономного округа", "RU-KHM"}, {"Ташкентской области", "UZ-TO"},
		{"Хэйлунцзян", "CN-HL"}, {"Аляски", "US-AK"},
		{"Guba district", "AZ-QBA"}, {"Gabala District", "AZ-QAB"}, {"Gusar region", "AZ-QUS"},
		{"Umnugovi", "MN-053"}, {"South Gobi", "MN-053"},
		{"Kama region", "RU-PER"}, {"Kuban", "RU-KDA"}, {"Yugra", "RU-KHM"}, {"Crimea", "UA-43"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ents := g.Lookup(Keys(tc.name))
			found := false
			for _, e := range ents {
				if e.Code == tc.code {
					found = true
				}
			}
			if !found {
				t.Errorf("Lookup(%q) = %+v, want %s", tc.name, ents, tc.code)
			}
		})
	}
}

// TestNoBare checks names that must not be places by themselves.
func TestNoBare(t *testing.T) {
	g := gaz(t)
	for _, name := range []string{"Perm", "Kazan", "Omsk", "Central", "North", "Пермь", "Того", "Altai"} {
		for _, e := range g.Lookup(Keys(name)) {
			if e.Form != FormBlock && !e.StemOnly {
				t.Errorf("Lookup(%q) has %+v", name, e)
			}
		}
	}
}

func TestPlaces(t *testing.T) {
	g := gaz(t)
	if p, ok := g.Place("RU-PER"); !ok || p.Name != "Perm Krai" || p.Country != "RU" || p.NameRU != "Пермский край" {
		t.Errorf("RU-PER = %+v", p)
	}
	n := 0
	for code, p := range g.places {
		if p.Type == "country" {
			n++
		} else if !strings.HasPrefix(code, p.Country+"-") {
			t.Errorf("%s has country %s", code, p.Country)
		}
	}
	if n != 249 {
		t.Errorf("%d countries, want 249", n)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Russia's", "U.S.A.", "St.", "«Пермского края»", "a'", "’s", "\xff", "Ꙁ.Б."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < last || tok.End > len(s) || tok.Start >= tok.End {
				t.Fatalf("bad span %d..%d after %d in %q", tok.Start, tok.End, last, s)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[tok.Start]) || (tok.End < len(s) && !utf8.RuneStart(s[tok.End]))) {
				t.Fatalf("span %d..%d splits a rune in %q", tok.Start, tok.End, s)
			}
			last = tok.End
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat("Russia’s Perm Krai and the Moscow, Rostov and Ulyanovsk regions; делегация Пермского края. ", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokenize(text)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
