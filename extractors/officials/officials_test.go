package officials

import (
	"strings"
	"testing"

	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/pipeline"
)

// place describes a place mention for a test text: the words as written and
// what they refer to; nth picks the occurrence (0 = first).
type place struct {
	text, code string
	nth        int
}

// mkPlaces locates each place in s by its text and builds the tagger input.
func mkPlaces(t testing.TB, s string, ps []place) []extractors.Place {
	t.Helper()
	var out []extractors.Place
	for _, p := range ps {
		off := 0
		start := -1
		for n := 0; n <= p.nth; n++ {
			i := strings.Index(s[off:], p.text)
			if i < 0 {
				t.Fatalf("place %q (#%d) not in text", p.text, p.nth)
			}
			start = off + i
			off = start + len(p.text)
		}
		country, _, isRegion := strings.Cut(p.code, "-")
		out = append(out, extractors.Place{Code: p.code, Country: country, IsRegion: isRegion, Text: p.text, Start: start, End: start + len(p.text), Form: "name"})
	}
	return out
}

type want struct {
	name, title, country, region string
	spans                        int // 0: don't check
}

func TestFind(t *testing.T) {
	tests := []struct {
		name   string
		lang   string
		text   string
		places []place
		want   []want
	}{
		{"region before title", "en", "Perm Krai Governor Dmitry Makhonin met the delegation.",
			[]place{{"Perm Krai", "RU-PER", 0}},
			[]want{{"Dmitry Makhonin", "governor", "RU", "RU-PER", 0}}},
		{"represented, not host", "en", "Ambassador of Belarus to Russia Dmitry Krutoi said that trade grew.",
			[]place{{"Belarus", "BY", 0}, {"Russia", "RU", 0}},
			[]want{{"Dmitry Krutoi", "ambassador", "BY", "", 0}}},
		{"title comma name and later surname", "en", "Russia's trade representative in France, Mikhail Makarov, told Sputnik. “We work,” Makarov said.",
			[]place{{"Russia", "RU", 0}, {"France", "FR", 0}},
			[]want{{"Mikhail Makarov", "trade representative", "RU", "", 2}}},
		{"name comma title", "en", "The dialogue continues, Pyotr Pavlenko, trade representative of Russia in Japan, said.",
			[]place{{"Russia", "RU", 0}, {"Japan", "JP", 0}},
			[]want{{"Pyotr Pavlenko", "trade representative", "RU", "", 0}}},
		{"people's committee", "en", "Chairman of the People's Committee of Lao Cai Province Trinh Xuan Truong met them.",
			[]place{{"Lao Cai Province", "VN-02", 0}},
			[]want{{"Trinh Xuan Truong", "chairman of people's committee", "VN", "VN-02", 0}}},
		{"list of fields", "en", "Deputy Minister of Energy, Mining and Transport Ivan Petrov spoke.",
			nil,
			[]want{{"Ivan Petrov", "deputy minister of energy mining and transport", "", "", 0}}},
		{"bracket in a region name", "en", "Head of the Republic of Sakha (Yakutia) Ivan Sidorov spoke.",
			[]place{{"Republic of Sakha (Yakutia", "RU-SA", 0}},
			[]want{{"Ivan Sidorov", "head of the republic", "RU", "RU-SA", 0}}},
		{"head of a republic by code", "en", "Head of Chuvashia Oleg Nikolaev met Head of Kuzbass Ivan Orlov.",
			[]place{{"Chuvashia", "RU-CU", 0}, {"Kuzbass", "RU-KEM", 0}},
			[]want{{"Oleg Nikolaev", "head of the republic", "RU", "RU-CU", 0}, {"Ivan Orlov", "governor", "RU", "RU-KEM", 0}}},
		{"khokim and minister-president", "en", "Khokim of Fergana region Khairullo Bozorov met Saxony's Minister-President Hans Weber.",
			[]place{{"Fergana region", "UZ-FA", 0}, {"Saxony", "DE-SN", 0}},
			[]want{{"Khairullo Bozorov", "hokim", "UZ", "UZ-FA", 0}, {"Hans Weber", "minister-president", "DE", "DE-SN", 0}}},
		{"photo credit and byline are not officials", "en", "Photo: Ivan Ivanov\nAdlet Seilkhanov\nThe forum opened in Kazan.",
			nil, nil},
		{"surname only", "en", "Governor Mirzaev congratulated Shaikhutdinov on his appointment.",
			nil,
			[]want{{"Mirzaev", "governor", "", "", 0}}},
		{"adjective country", "en", "Belarusian President Aleksandr Lukashenko met the governor.",
			[]place{{"Belarusian", "BY", 0}},
			[]want{{"Aleksandr Lukashenko", "president", "BY", "", 0}}},
		{"plural title", "en", "Presidents of Kazakhstan and Russia Kassym-Jomart Tokayev and Vladimir Putin are to take part.",
			[]place{{"Kazakhstan", "KZ", 0}, {"Russia", "RU", 0}},
			[]want{{"Kassym-Jomart Tokayev", "president", "KZ", "", 0}, {"Vladimir Putin", "president", "RU", "", 0}}},
		{"chained titles", "en", "Deputy Prime-minister – Minister of Culture Zilya Valeyeva attended the meeting.",
			nil,
			[]want{{"Zilya Valeyeva", "deputy prime minister and minister of culture", "", "", 0}}},
		{"city after title is not a name", "en", "Consul General of Turkey in Kazan Ahmet Ergin arrived. He took office as Consul General of Turkey in Kazan a month ago.",
			[]place{{"Turkey", "TR", 0}, {"Turkey", "TR", 1}},
			[]want{{"Ahmet Ergin", "consul general", "TR", "", 0}}},
		{"city after title then name in apposition", "en", "The Consul General of Japan in Khabarovsk, Takashi Kurai, also attended.",
			[]place{{"Japan", "JP", 0}},
			[]want{{"Takashi Kurai", "consul general", "JP", "", 0}}},
		{"field before minister", "en", "Indian Commerce and Industry Minister Piyush Goyal is visiting.",
			[]place{{"Indian", "IN", 0}},
			[]want{{"Piyush Goyal", "minister of commerce and industry", "IN", "", 0}}},
		{"two given names before the surname", "en", "The side was represented by Chairman of the Department of Municipalities and Transport Mohamed Ali Al Shorafa.",
			nil,
			[]want{{"Mohamed Ali Al Shorafa", "chairman of department of municipalities and transport", "", "", 0}}},
		{"counterpart", "en", "Russian Prime Minister Medvedev and his French counterpart, Edouard Philippe, agreed.",
			[]place{{"Russian", "RU", 0}, {"French", "FR", 0}},
			[]want{{"Medvedev", "prime minister", "RU", "", 0}, {"Edouard Philippe", "prime minister", "FR", "", 0}}},
		{"abbreviated title", "en", "Primorsky Krai Gov. Sergey Darkin held a meeting.",
			[]place{{"Primorsky Krai", "RU-PRI", 0}},
			[]want{{"Sergey Darkin", "governor", "RU", "RU-PRI", 0}}},
		{"title then name in next sentence", "en", "The governor of Astrakhan Region met the consul. Inviting Iran, Igor Babushkin said more.",
			[]place{{"Astrakhan Region", "RU-AST", 0}, {"Iran", "IR", 0}},
			[]want{{"Igor Babushkin", "governor", "RU", "RU-AST", 0}}},
		{"russian nominative", "ru", "Делегацию возглавил губернатор Пермского края Дмитрий Махонин.",
			[]place{{"Пермского края", "RU-PER", 0}},
			[]want{{"Дмитрий Махонин", "governor", "RU", "RU-PER", 0}}},
		{"russian instrumental", "ru", "Визит делегации Самарской области во главе с губернатором Константином Титовым начался. Титова встретили.",
			[]place{{"Самарской области", "RU-SAM", 0}},
			[]want{{"Константин Титов", "governor", "RU", "RU-SAM", 2}}},
		{"russian complement", "ru", "В состав вошли председатель Самарской губернской Думы Виктор Сазонов и бизнесмены.",
			nil,
			[]want{{"Виктор Сазонов", "chairman of the regional duma", "", "", 0}}},
		{"russian prime minister", "ru", "Он встретился с первым заместителем Председателя Правительства РФ Денисом Мантуровым.",
			nil,
			[]want{{"Денис Мантуров", "first deputy prime minister", "", "", 0}}},
		{"russian regional government", "ru", "Как сообщил первый заместитель председателя правительства края Сергей Абрамов, стороны договорились.",
			nil,
			[]want{{"Сергей Абрамов", "first deputy chairman of the regional government", "", "", 0}}},
		{"russian initials", "ru", "Делегация во главе с Губернатором А.М.Осиповым прибыла.",
			nil,
			[]want{{"А.М.Осипов", "governor", "", "", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, tt.lang, mkPlaces(t, tt.text, tt.places))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d officials, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Name != w.name || g.Title != w.title || g.Country != w.country || g.Region != w.region {
					t.Errorf("official %d = {%q %q %q %q}, want %+v", i, g.Name, g.Title, g.Country, g.Region, w)
				}
				if w.spans > 0 && len(g.Spans) != w.spans {
					t.Errorf("official %d has %d spans, want %d: %+v", i, len(g.Spans), w.spans, g.Spans)
				}
				checkSpans(t, tt.text, g)
			}
		})
	}
}

func checkSpans(t *testing.T, s string, o pipeline.Official) {
	t.Helper()
	for _, sp := range o.Spans {
		if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
			t.Fatalf("bad span %+v for %q in text of %d bytes", sp, o.Name, len(s))
		}
	}
}

func TestNominative(t *testing.T) {
	tests := []struct {
		in   string
		c    byte
		want string
	}{
		{"Титовым", 'i', "Титов"},
		{"Константином", 'i', "Константин"},
		{"Евгением", 'i', "Евгений"},
		{"Цзянем", 'i', "Цзянь"},
		{"Демешина", 'g', "Демешин"},
		{"Дмитрия", 'g', "Дмитрий"},
		{"Копину", 'd', "Копин"},
		{"Роману", 'd', "Роман"},
		{"Лян", 'i', "Лян"},
		{"Махонин", 'n', "Махонин"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := nominative(tt.in, tt.c); got != tt.want {
				t.Errorf("nominative(%q, %c) = %q, want %q", tt.in, tt.c, got, tt.want)
			}
		})
	}
}

func TestLexiconLoads(t *testing.T) {
	if _, err := New(); err != nil {
		t.Fatal(err)
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Perm Krai Governor Dmitry Makhonin met Ambassador of Belarus to Russia Dmitry Krutoi.", 0, 9)
	f.Add("губернатором Константином Титовым, Mr. Li, President’s Press Secretary", 3, 40)
	f.Add("Presidents of A and B X Y and Z W, Gov. (governor) –", 14, 15)
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		var ps []extractors.Place
		if a >= 0 && b > a && b <= len(s) {
			ps = append(ps, extractors.Place{Code: "RU-PER", Country: "RU", IsRegion: true, Start: a, End: b})
		}
		for _, o := range Find(s, "en", ps) {
			if o.Name == "" {
				t.Fatalf("empty name: %+v", o)
			}
			checkSpans(t, s, o)
		}
	})
}
