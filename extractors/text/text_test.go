package text

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func sentenceTexts(s string) []string {
	var out []string
	for _, sp := range Sentences(s) {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "One here. Two there! Three?", []string{"One here.", "Two there!", "Three?"}},
		{"abbreviations", "Mr. Li Jiheng met Dr. Smith in St. Petersburg. Then he left.", []string{"Mr. Li Jiheng met Dr. Smith in St. Petersburg.", "Then he left."}},
		{"initials", "President A. Lukashenko spoke. Д.А. Медведев ответил.", []string{"President A. Lukashenko spoke.", "Д.А. Медведев ответил."}},
		{"initials glued", "Губернатором А.М.Осиповым. Дальше.", []string{"Губернатором А.М.Осиповым.", "Дальше."}},
		{"us", "Russia’s Ambassador to the U.S. Anatoly Antonov called. He left.", []string{"Russia’s Ambassador to the U.S. Anatoly Antonov called.", "He left."}},
		{"decimals", "Trade grew 2.5 percent. It was $0.5 billion.", []string{"Trade grew 2.5 percent.", "It was $0.5 billion."}},
		{"newlines", "Headline here\n\nBody starts. Ends", []string{"Headline here", "Body starts.", "Ends"}},
		{"quote end", "“We need to trade.” Lukashenko said so.", []string{"“We need to trade.”", "Lukashenko said so."}},
		{"quote comma", "“We need to trade,” Lukashenko said.", []string{"“We need to trade,” Lukashenko said."}},
		{"lower after dot", "It rose by 5 p.c. and then fell.", []string{"It rose by 5 p.c. and then fell."}},
		{"missing space", "said Governor Aleksey Dyumin.The official made it.", []string{"said Governor Aleksey Dyumin.", "The official made it."}},
		{"russian abbreviation", "В 2004 г. было подписано. Потом т.е. позже.", []string{"В 2004 г. было подписано.", "Потом т.е. позже."}},
		{"russian", "Визит продлится до конца недели. Кроме того, пройдут встречи.", []string{"Визит продлится до конца недели.", "Кроме того, пройдут встречи."}},
		{"empty", "  \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"names", "Kassym-Jomart Tokayev, Lee Sok-Son.", []string{"Kassym-Jomart", "Tokayev", ",", "Lee", "Sok-Son", "."}},
		{"initials", "Sh.Orgil and A. Lukashenko", []string{"Sh.", "Orgil", "and", "A.", "Lukashenko"}},
		{"cyrillic initials", "А.М.Осиповым", []string{"А.", "М.", "Осиповым"}},
		{"possessive", "Russia’s trade", []string{"Russia’s", "trade"}},
		{"dash", "Prime-minister – Minister", []string{"Prime-minister", "–", "Minister"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range Tokens(tt.in) {
				if tt.in[tok.Start:tok.End] != tok.Text {
					t.Fatalf("token %q has offsets [%d,%d) = %q", tok.Text, tok.Start, tok.End, tt.in[tok.Start:tok.End])
				}
				got = append(got, tok.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentenceAt(t *testing.T) {
	s := "One. Two. Three."
	spans := Sentences(s)
	for _, tc := range []struct {
		off  int
		want int
	}{{0, 0}, {5, 1}, {4, -1}, {15, 2}, {16, -1}} {
		if got := SentenceAt(spans, tc.off); got != tc.want {
			t.Errorf("SentenceAt(%d) = %d, want %d", tc.off, got, tc.want)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"A. B. c.", "Mr. X said.\n\nY!", "“Q.” R", "\xff.\xfe", "А.М.Осипов. Т.е.", "..."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range Sentences(s) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("bad span %+v (prev end %d, len %d)", sp, prev, len(s))
			}
			if strings.TrimSpace(s[sp.Start:sp.End]) != s[sp.Start:sp.End] && utf8.ValidString(s) {
				t.Fatalf("untrimmed span %q", s[sp.Start:sp.End])
			}
			prev = sp.End
		}
		prevTok := 0
		for _, tok := range Tokens(s) {
			if tok.Start < prevTok || tok.End <= tok.Start || tok.End > len(s) || s[tok.Start:tok.End] != tok.Text {
				t.Fatalf("bad token %+v", tok)
			}
			prevTok = tok.End
		}
	})
}

func BenchmarkSentences(b *testing.B) {
	s := strings.Repeat("Belarusian President Aleksandr Lukashenko met with Governor of Russia’s Perm Krai Dmitry Makhonin. “We need to trade,” he said. Д.А. Медведев ответил.\n", 200)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Sentences(s)
	}
}
