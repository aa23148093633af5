package places

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func tagger(t testing.TB) *Tagger {
	t.Helper()
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// TestGolden runs testdata/<case>/input.txt and compares the sets of
// country and region codes with the hand-written expected.json.
func TestGolden(t *testing.T) {
	tg := tagger(t)
	dirs, err := filepath.Glob("testdata/*/input.txt")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, in := range dirs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Countries []string `json:"countries"`
				Regions   []string `json:"regions"`
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("parsing expected.json: %v", err)
			}
			ps := tg.Find(string(text), "")
			var gotC, gotR []string
			for _, c := range tg.Countries(ps) {
				gotC = append(gotC, c.Code)
			}
			for _, r := range tg.Regions(ps) {
				gotR = append(gotR, r.Code)
			}
			if !sameSet(gotC, want.Countries) {
				t.Errorf("countries = %v, want %v", gotC, want.Countries)
			}
			if !sameSet(gotR, want.Regions) {
				t.Errorf("regions = %v, want %v", gotR, want.Regions)
			}
			if t.Failed() {
				for _, p := range ps {
					t.Logf("  %s %s %q", p.Code, p.Form, p.Text)
				}
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// TestMentions checks single mentions: code, form and the exact words.
func TestMentions(t *testing.T) {
	tg := tagger(t)
	tests := []struct {
		name, text        string
		code, form, words string
	}{
		{"possessive", "Russia’s Perm Krai grows.", "RU", "name", "Russia"},
		{"krai territory", "in Perm Territory today", "RU-PER", "name", "Perm Territory"},
		{"oblast lower case region", "the Yaroslavl region said", "RU-YAR", "name", "Yaroslavl region"},
		{"republic of", "the Republic of Buryatia", "RU-BU", "alias", "Republic of Buryatia"},
		{"hyphenated", "Khanty-Mansi Autonomous Okrug", "RU-KHM", "name", "Khanty-Mansi Autonomous Okrug"},
		{"saint abbreviation", "St. Petersburg hosts", "RU-SPE", "name", "St. Petersburg"},
		{"dotted initials", "Ambassador to the U.S. said", "US", "alias", "U.S."},
		{"adjective", "Belarusian enterprises", "BY", "adjective", "Belarusian"},
		{"demonym", "for the Russians in general", "RU", "demonym", "Russians"},
		{"guillemets", "«Пермского края»", "RU-PER", "name", "Пермского края"},
		{"russian genitive", "губернатор Свердловской области", "RU-SVE", "name", "Свердловской области"},
		{"russian prepositional", "в Татарстане", "RU-TA", "name", "Татарстане"},
		{"russian adjective", "белорусских предприятий", "BY", "adjective", "белорусских"},
		{"coordinated", "the Rostov and Ulyanovsk regions", "RU-ROS", FormCoordinated, "Rostov"},
		{"moscow city", "the Moscow government", "RU-MOW", "name", "Moscow"},
		{"moscow region", "the Moscow region", "RU-MOS", "name", "Moscow region"},
		{"alias", "residents of the Kama region", "RU-PER", "alias", "Kama region"},
		{"all caps dateline", "NUR-SULTAN. KAZINFORM", "KZ-AST", "name", "NUR-SULTAN"},
		{"province of", "the Turkish province of Konya signed", "TR-42", FormCoordinated, "Konya"},
		{"regional adjective", "the Grodno Regional Executive Committee", "BY-HR", "name", "Grodno Regional"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := tg.Find(tc.text, "")
			for _, p := range ps {
				if p.Code == tc.code {
					if p.Text != tc.words || p.Form != tc.form {
						t.Errorf("got %q form %s, want %q form %s", p.Text, p.Form, tc.words, tc.form)
					}
					if tc.text[p.Start:p.End] != p.Text {
						t.Errorf("offsets [%d,%d) do not give %q", p.Start, p.End, p.Text)
					}
					return
				}
			}
			t.Errorf("%s not found in %q; got %+v", tc.code, tc.text, ps)
		})
	}
}

func TestAggregate(t *testing.T) {
	tg := tagger(t)
	text := "Belarus and Perm Krai. Belarusian firms in Perm Territory; Russia."
	ps := tg.Find(text, "en")
	cs := tg.Countries(ps)
	if len(cs) != 2 || cs[0].Code != "BY" || cs[0].Mentions != 2 || cs[1].Code != "RU" || cs[0].Name != "Belarus" {
		t.Errorf("countries = %+v", cs)
	}
	rs := tg.Regions(ps)
	if len(rs) != 1 || rs[0].Code != "RU-PER" || rs[0].Mentions != 2 || rs[0].Country != "RU" || rs[0].Name != "Perm Krai" {
		t.Errorf("regions = %+v", rs)
	}
	if got := text[rs[0].Spans[1].Start:rs[0].Spans[1].End]; got != "Perm Territory" {
		t.Errorf("second span = %q", got)
	}
}

func TestNames(t *testing.T) {
	tg := tagger(t)
	for _, tc := range []struct{ code, want string }{
		{"RU", "Russia"}, {"BY", "Belarus"}, {"US", "United States"},
	} {
		if got, ok := tg.CountryName(tc.code); !ok || got != tc.want {
			t.Errorf("CountryName(%s) = %q, %v", tc.code, got, ok)
		}
	}
	for _, tc := range []struct{ code, want string }{
		{"RU-PER", "Perm Krai"}, {"RU-SVE", "Sverdlovsk Oblast"}, {"RU-MOS", "Moscow Oblast"}, {"RU-MOW", "Moscow"},
	} {
		if got, ok := tg.RegionName(tc.code); !ok || got != tc.want {
			t.Errorf("RegionName(%s) = %q, %v", tc.code, got, ok)
		}
	}
	if _, ok := tg.RegionName("RU"); ok {
		t.Error("RegionName(RU) should fail")
	}
	if _, ok := tg.CountryName("XX"); ok {
		t.Error("CountryName(XX) should fail")
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Russia's Perm Krai", "the Moscow, Rostov and Ulyanovsk regions", "U.S.", "Московской и Ленинградской областей",
		"St.", "’s", "по-русски", "regions of", "\xff\xfe", "A.B.C.", "Georgia, U.S.",
	} {
		f.Add(s)
	}
	tg := tagger(f)
	f.Fuzz(func(t *testing.T, s string) {
		last := -1
		for _, p := range tg.Find(s, "") {
			if p.Start < 0 || p.End > len(s) || p.Start >= p.End || p.Start < last {
				t.Fatalf("bad span [%d,%d) in %q", p.Start, p.End, s)
			}
			if s[p.Start:p.End] != p.Text {
				t.Fatalf("text %q != %q", s[p.Start:p.End], p.Text)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[p.Start]) || (p.End < len(s) && !utf8.RuneStart(s[p.End]))) {
				t.Fatalf("span [%d,%d) not on rune boundaries in %q", p.Start, p.End, s)
			}
			if p.Code == "" || (p.IsRegion != strings.Contains(p.Code, "-")) {
				t.Fatalf("bad place %+v", p)
			}
			last = p.End
		}
	})
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	tg := tagger(b)
	for _, name := range []string{"article_en.txt", "article_ru.txt"} {
		raw, err := os.ReadFile(filepath.Join("testdata", "bench", name))
		if err != nil {
			b.Fatal(err)
		}
		text := strings.Repeat(string(raw), 10) // ~20 KB: a long article
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tg.Find(text, "")
			}
		})
	}
}

// TestCurrencyName checks that a country named only inside a currency's
// name ("US dollars") is not a mention of the country.
func TestCurrencyName(t *testing.T) {
	tg := tagger(t)
	for _, s := range []string{"trade reached 48 million US dollars", "worth 420 million U.S. dollars", "5 billion Singapore dollars"} {
		for _, p := range tg.Find(s, "en") {
			if !p.IsRegion {
				t.Errorf("%q: got country %s (%q)", s, p.Code, p.Text)
			}
		}
	}
	if ps := tg.Find("U.S. companies invest in dollars", "en"); len(ps) != 1 || ps[0].Code != "US" {
		t.Errorf("plain U.S. mention lost: %+v", ps)
	}
}
