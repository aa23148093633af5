package ties

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/pipeline"
)

type place struct {
	text, code string
	nth        int
}

func mkPlaces(t testing.TB, s string, ps []place) []extractors.Place {
	t.Helper()
	var out []extractors.Place
	for _, p := range ps {
		off, start := 0, -1
		for n := 0; n <= p.nth; n++ {
			i := strings.Index(s[off:], p.text)
			if i < 0 {
				t.Fatalf("place %q (#%d) not in text", p.text, p.nth)
			}
			start = off + i
			off = start + len(p.text)
		}
		country, _, isRegion := strings.Cut(p.code, "-")
		out = append(out, extractors.Place{Code: p.code, Country: country, IsRegion: isRegion, Text: p.text, Start: start, End: start + len(p.text)})
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		places    []place
		officials []pipeline.Official
		want      [][2]string
	}{
		{"cooperation", "Belarus is ready to step up cooperation with Russia’s Perm Krai.",
			[]place{{"Belarus", "BY", 0}, {"Russia", "RU", 0}, {"Perm Krai", "RU-PER", 0}},
			nil, [][2]string{{"BY", "RU-PER"}}},
		{"no cue, no tie", "Belarus and Perm Krai were mentioned.",
			[]place{{"Belarus", "BY", 0}, {"Perm Krai", "RU-PER", 0}},
			nil, nil},
		{"country pair is not a tie", "Trade between Russia and France grew.",
			[]place{{"Russia", "RU", 0}, {"France", "FR", 0}},
			nil, nil},
		{"same country is not a tie", "Moscow and Tatarstan signed an agreement.",
			[]place{{"Moscow", "RU-MOW", 0}, {"Tatarstan", "RU-TA", 0}},
			nil, nil},
		{"coordinated pairs", "Agreements between Assam and Sakhalin, Haryana and Bashkortostan were welcomed.",
			[]place{{"Assam", "IN-AS", 0}, {"Sakhalin", "RU-SAK", 0}, {"Haryana", "IN-HR", 0}, {"Bashkortostan", "RU-BA", 0}},
			nil, [][2]string{{"IN-AS", "RU-SAK"}, {"IN-HR", "RU-BA"}}},
		{"qualifying country", "Russia's Kamchatka Territory signed a memorandum with the Indian state of Goa.",
			[]place{{"Russia", "RU", 0}, {"Kamchatka Territory", "RU-KAM", 0}, {"Indian", "IN", 0}, {"Goa", "IN-GA", 0}},
			nil, [][2]string{{"IN-GA", "RU-KAM"}}},
		{"official's place is a side", "Governor Ivanov met the Vietnamese ambassador in Tula Oblast to discuss trade.",
			[]place{{"Vietnamese", "VN", 0}},
			[]pipeline.Official{{Name: "Ivanov", Title: "governor", Country: "RU", Region: "RU-TUL", Spans: []pipeline.Span{{Start: 9, End: 15}}}},
			[][2]string{{"RU-TUL", "VN"}}},
		{"implicit partner", "The Samara Oblast delegation visits Henan province. Samara Oblast and Henan sign a memorandum. Then the delegation will visit Guangdong.",
			[]place{{"Samara Oblast", "RU-SAM", 0}, {"Henan", "CN-HA", 0}, {"Samara Oblast", "RU-SAM", 1}, {"Henan", "CN-HA", 1}, {"Guangdong", "CN-GD", 0}},
			nil, [][2]string{{"CN-HA", "RU-SAM"}, {"CN-GD", "RU-SAM"}}},
		{"official's post is no side", "Gujarat will trade with Astrakhan, the governor said after meeting Consul General of India in St Petersburg Kumar Gaurav.",
			[]place{{"Gujarat", "IN-GJ", 0}, {"Astrakhan", "RU-AST", 0}, {"India", "IN", 0}, {"St Petersburg", "RU-SPE", 0}},
			[]pipeline.Official{{Name: "Kumar Gaurav", Title: "consul general", Country: "IN", Spans: []pipeline.Span{{Start: 108, End: 120}}}},
			[][2]string{{"IN-GJ", "RU-AST"}, {"IN", "RU-AST"}}},
		{"envoy's host keeps the sentence two-country", "Gujarat and Tamil Nadu trade with Kaliningrad Region. Gujarat exports grow. Russian Ambassador to India Denis Alipov said bilateral trade grew.",
			[]place{{"Gujarat", "IN-GJ", 0}, {"Tamil Nadu", "IN-TN", 0}, {"Kaliningrad Region", "RU-KGD", 0}, {"Gujarat", "IN-GJ", 1}, {"Russian", "RU", 0}, {"India", "IN", 0}},
			[]pipeline.Official{{Name: "Denis Alipov", Title: "ambassador", Country: "RU", Spans: []pipeline.Span{{Start: 104, End: 116}}}},
			[][2]string{{"IN-GJ", "RU-KGD"}, {"IN-TN", "RU-KGD"}}},
		{"place in an event name", "French firms attended the St. Petersburg International Economic Forum.",
			[]place{{"French", "FR", 0}, {"St. Petersburg", "RU-SPE", 0}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, "en", mkPlaces(t, tt.text, tt.places), tt.officials)
			var pairs [][2]string
			for _, tie := range got {
				if tie.A >= tie.B {
					t.Errorf("tie not sorted: %+v", tie)
				}
				if tie.Start < 0 || tie.End > len(tt.text) || tt.text[tie.Start:tie.End] != tie.Evidence {
					t.Errorf("evidence %q does not match offsets [%d,%d)", tie.Evidence, tie.Start, tie.End)
				}
				pairs = append(pairs, [2]string{tie.A, tie.B})
			}
			if !reflect.DeepEqual(pairs, tt.want) {
				t.Errorf("ties = %v, want %v", pairs, tt.want)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Belarus cooperates with Perm Krai.", 0, 7, 24, 33)
	f.Add("Российско-Китайского ЭКСПО", 0, 10, 11, 20)
	f.Fuzz(func(t *testing.T, s string, a, b, c, d int) {
		var ps []extractors.Place
		if a >= 0 && b > a && b <= len(s) {
			ps = append(ps, extractors.Place{Code: "BY", Country: "BY", Start: a, End: b})
		}
		if c >= 0 && d > c && d <= len(s) {
			ps = append(ps, extractors.Place{Code: "RU-PER", Country: "RU", IsRegion: true, Start: c, End: d})
		}
		for _, tie := range Find(s, "en", ps, nil) {
			if tie.Start < 0 || tie.End > len(s) || tie.Start > tie.End || tie.A >= tie.B {
				t.Fatalf("bad tie %+v", tie)
			}
		}
	})
}

// TestSides checks places that stand in a tie sentence without being a
// party: a host country after "to", a locator country, a country adjective
// on an unnamed region, and places inside an event's name.
func TestSides(t *testing.T) {
	at := func(s, sub, code, form string) extractors.Place {
		i := strings.Index(s, sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, s)
		}
		country, _, isRegion := strings.Cut(code, "-")
		return extractors.Place{Code: code, Country: country, IsRegion: isRegion, Form: form, Text: sub, Start: i, End: i + len(sub)}
	}
	tests := []struct {
		name string
		text string
		ps   func(s string) []extractors.Place
		offs func(s string) []pipeline.Official
		want [][2]string
	}{
		{"host country of an ambassador", "The head of Minsk Oblast met Ambassador of Armenia to Russia Petros Petrosyan.",
			func(s string) []extractors.Place {
				return []extractors.Place{at(s, "Minsk Oblast", "BY-MI", "name"), at(s, "Armenia", "AM", "name"), at(s, "Russia", "RU", "name")}
			},
			func(s string) []pipeline.Official {
				i := strings.Index(s, "Petros")
				return []pipeline.Official{{Name: "Petros Petrosyan", Title: "ambassador", Country: "AM", Spans: []pipeline.Span{{Start: i, End: i + 16}}}}
			},
			[][2]string{{"AM", "BY-MI"}}},
		{"locator country after in", "Oregon and the Republic of Buryatia in eastern Russia will resume exchanges.",
			func(s string) []extractors.Place {
				return []extractors.Place{at(s, "Oregon", "US-OR", "name"), at(s, "Republic of Buryatia", "RU-BU", "name"), at(s, "Russia", "RU", "name")}
			}, nil,
			[][2]string{{"RU-BU", "US-OR"}}},
		{"adjective on an unnamed region", "Grodno Oblast supplies furniture to the Russian region.",
			func(s string) []extractors.Place {
				return []extractors.Place{at(s, "Grodno Oblast", "BY-HR", "name"), at(s, "Russian", "RU", "adjective")}
			}, nil, nil},
		{"event name", "Omsk Oblast signed it at the Forum of Regions of Belarus and Russia.",
			func(s string) []extractors.Place {
				return []extractors.Place{at(s, "Omsk Oblast", "RU-OMS", "name"), at(s, "Belarus", "BY", "name"), at(s, "Russia", "RU", "name")}
			}, nil, nil},
		{"currency adjective", "Perm Krai signed a deal with Grodno oblast. Grodno oblast will build. The project is estimated at 2.5 billion Russian rubles.",
			func(s string) []extractors.Place {
				second := at(s[30:], "Grodno oblast", "BY-HR", "name")
				second.Start, second.End = second.Start+30, second.End+30
				return []extractors.Place{at(s, "Perm Krai", "RU-PER", "name"), at(s, "Grodno oblast", "BY-HR", "name"), second, at(s, "Russian", "RU", "adjective")}
			}, nil,
			[][2]string{{"BY-HR", "RU-PER"}}},
		{"help is a cue", "The Tula region continues to help the Kherson region.",
			func(s string) []extractors.Place {
				return []extractors.Place{at(s, "Tula region", "RU-TUL", "name"), at(s, "Kherson region", "UA-65", "name")}
			}, nil,
			[][2]string{{"RU-TUL", "UA-65"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var offs []pipeline.Official
			if tc.offs != nil {
				offs = tc.offs(tc.text)
			}
			var got [][2]string
			for _, ti := range Find(tc.text, "en", tc.ps(tc.text), offs) {
				got = append(got, [2]string{ti.A, ti.B})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ties = %v, want %v", got, tc.want)
			}
		})
	}
}
