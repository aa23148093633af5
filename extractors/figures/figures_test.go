package figures

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tieline/tieline/pipeline"
)

type wantFigure struct {
	Text    string  `json:"text"`
	Kind    string  `json:"kind"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Subject string  `json:"subject,omitempty"`
}

// TestGolden runs Find on every testdata/<case>/input.txt and compares the
// result with the hand-checked expected.json.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "input.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no golden cases found")
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
			var want []wantFigure
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("parsing expected.json: %v", err)
			}
			got := Find(string(text), "")
			checkOffsets(t, string(text), got)
			compareFigures(t, got, want)
		})
	}
}

func compareFigures(t *testing.T, got []pipeline.Figure, want []wantFigure) {
	t.Helper()
	for i := 0; i < len(got) || i < len(want); i++ {
		switch {
		case i >= len(want):
			t.Errorf("extra figure %d: %+v", i, got[i])
		case i >= len(got):
			t.Errorf("missing figure %d: %+v", i, want[i])
		default:
			g, w := got[i], want[i]
			if g.Text != w.Text || g.Kind != w.Kind || !near(g.Value, w.Value) || g.Unit != w.Unit ||
				(w.Subject != "" && g.Subject != w.Subject) {
				t.Errorf("figure %d:\n got  %q %s %g %q subject %q\n want %q %s %g %q subject %q",
					i, g.Text, g.Kind, g.Value, g.Unit, g.Subject, w.Text, w.Kind, w.Value, w.Unit, w.Subject)
			}
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func checkOffsets(t *testing.T, text string, figs []pipeline.Figure) {
	t.Helper()
	prev := 0
	for _, f := range figs {
		if f.Start < prev || f.Start >= f.End || f.End > len(text) {
			t.Fatalf("bad offsets %d..%d (previous end %d, text length %d) for %q", f.Start, f.End, prev, len(text), f.Text)
		}
		if text[f.Start:f.End] != f.Text {
			t.Fatalf("text[%d:%d] = %q, Text = %q", f.Start, f.End, text[f.Start:f.End], f.Text)
		}
		if utf8.ValidString(text) && (!utf8.RuneStart(text[f.Start]) || (f.End < len(text) && !utf8.RuneStart(text[f.End]))) {
			t.Fatalf("offsets %d..%d of %q are not on rune boundaries", f.Start, f.End, f.Text)
		}
		prev = f.End
	}
}

// TestFind covers the forms the tagger must read, one sentence each.
func TestFind(t *testing.T) {
	tests := []struct {
		name string
		lang string
		in   string
		want []wantFigure
	}{
		{"dollar billion", "en", "to hit $0.5 billion in trade", []wantFigure{{"$0.5 billion", "money", 5e8, "USD", "trade"}}},
		{"dollar m attached", "en", "exports at $2.6m in January", []wantFigure{{"$2.6m", "money", 2.6e6, "USD", "exports"}}},
		{"US$ bn spaced", "en", "worth US$ 1.2 bn.", []wantFigure{{"US$ 1.2 bn", "money", 1.2e9, "USD", ""}}},
		{"euro million", "en", "a loan of €30 million", []wantFigure{{"€30 million", "money", 3e7, "EUR", "loan"}}},
		{"pound sign", "en", "£5bn deal", []wantFigure{{"£5bn", "money", 5e9, "GBP", ""}}},
		{"code before", "en", "reached RUB 31 billion last year", []wantFigure{{"RUB 31 billion", "money", 3.1e10, "RUB", ""}}},
		{"code after", "en", "reached 1 million USD", []wantFigure{{"1 million USD", "money", 1e6, "USD", ""}}},
		{"words after", "en", "deals worth 2.8 billion rubles (about $35 million)", []wantFigure{
			{"2.8 billion rubles", "money", 2.8e9, "RUB", ""}, {"about $35 million", "money", 3.5e7, "USD", ""}}},
		{"belarusian rubles", "en", "cost 5 million Belarusian rubles", []wantFigure{{"5 million Belarusian rubles", "money", 5e6, "BYN", ""}}},
		{"yuan", "en", "invested 3 billion yuan", []wantFigure{{"3 billion yuan", "money", 3e9, "CNY", ""}}},
		{"tenge", "en", "spent 450 million tenge", []wantFigure{{"450 million tenge", "money", 4.5e8, "KZT", ""}}},
		{"US dollars", "en", "about 20 million US dollars", []wantFigure{{"about 20 million US dollars", "money", 2e7, "USD", ""}}},
		{"U.S. dollars", "en", "5 billion U.S. dollars", []wantFigure{{"5 billion U.S. dollars", "money", 5e9, "USD", ""}}},
		{"mln abbreviation", "en", "will exceed $1 mln", []wantFigure{{"$1 mln", "money", 1e6, "USD", ""}}},
		{"crore", "en", "Rs 500 crore", []wantFigure{{"Rs 500 crore", "money", 5e9, "INR", ""}}},
		{"spelled money", "en", "paid twelve dollars", []wantFigure{{"twelve dollars", "money", 12, "USD", ""}}},
		{"percent sign", "en", "makes up over 70% of trade", []wantFigure{{"over 70%", "percent", 70, "percent", "trade"}}},
		{"per cent", "en", "grew 70 per cent", []wantFigure{{"70 per cent", "percent", 70, "percent", ""}}},
		{"percent word", "en", "an annual increase of 50 percent", []wantFigure{{"50 percent", "percent", 50, "percent", ""}}},
		{"percentage points", "en", "fell 2.5 percentage points", []wantFigure{{"2.5 percentage points", "percent", 2.5, "percent", ""}}},
		{"count over", "en", "over 8,000 enterprises", []wantFigure{{"over 8,000 enterprises", "count", 8000, "enterprise", ""}}},
		{"count adjectives", "en", "more than 600 Russian companies operate", []wantFigure{{"more than 600 Russian companies", "count", 600, "company", ""}}},
		{"count noun modifiers", "en", "about 160 distribution chain entities with capital", []wantFigure{{"about 160 distribution chain entities", "count", 160, "entity", ""}}},
		{"count words", "en", "signed two agreements", []wantFigure{{"two agreements", "count", 2, "agreement", ""}}},
		{"irregular plural compound", "en", "Some 200 schoolchildren from Ryazan came", []wantFigure{{"Some 200 schoolchildren", "count", 200, "schoolchild", ""}}},
		{"count compound words", "en", "thirty-two identity changes", []wantFigure{{"thirty-two identity changes", "count", 32, "change", ""}}},
		{"count hundred and", "en", "one hundred and fifty delegates", []wantFigure{{"one hundred and fifty delegates", "count", 150, "delegate", ""}}},
		{"two dozen", "en", "two dozen engineering teams", []wantFigure{{"two dozen engineering teams", "count", 24, "team", ""}}},
		{"people", "en", "over 100 businesspeople", []wantFigure{{"over 100 businesspeople", "count", 100, "businessperson", ""}}},
		{"tonnes", "en", "500,000 tonnes of grain", []wantFigure{{"500,000 tonnes", "count", 5e5, "ton", ""}}},
		{"square meters", "en", "1 million square meters of housing", []wantFigure{{"1 million square meters", "count", 1e6, "square meter", ""}}},
		{"km abbreviation", "en", "a 120 km road", []wantFigure{{"120 km", "count", 120, "kilometer", ""}}},
		{"of them", "en", "43 Russian regions attended. 13 of them sent governors", []wantFigure{
			{"43 Russian regions", "count", 43, "region", ""}, {"13", "count", 13, "region", ""}}},
		{"and elliptic", "en", "20 companies from Minsk and 5 from Brest", []wantFigure{
			{"20 companies", "count", 20, "company", ""}, {"5", "count", 5, "company", ""}}},
		{"space grouping", "en", "1 500 delegates", []wantFigure{{"1 500 delegates", "count", 1500, "delegate", ""}}},
		{"nbsp grouping", "ru", "1\u00a0500 участников", []wantFigure{{"1\u00a0500 участников", "count", 1500, "участник", ""}}},
		{"ru billion dollars", "ru", "1,5 млрд долларов", []wantFigure{{"1,5 млрд долларов", "money", 1.5e9, "USD", ""}}},
		{"ru rubles", "ru", "8,5 млрд рублей", []wantFigure{{"8,5 млрд рублей", "money", 8.5e9, "RUB", ""}}},
		{"ru rub abbreviation", "ru", "стоимостью 300 тыс. руб.", []wantFigure{{"300 тыс. руб.", "money", 3e5, "RUB", ""}}},
		{"ru belarusian rubles", "ru", "на 40 млн белорусских рублей", []wantFigure{{"40 млн белорусских рублей", "money", 4e7, "BYN", ""}}},
		{"ru yuan", "ru", "вложит 2 млрд юаней", []wantFigure{{"2 млрд юаней", "money", 2e9, "CNY", ""}}},
		{"ru euro", "ru", "около 15 млн евро", []wantFigure{{"около 15 млн евро", "money", 1.5e7, "EUR", ""}}},
		{"ru dollar sign", "ru", "$70 млн", []wantFigure{{"$70 млн", "money", 7e7, "USD", ""}}},
		{"ru words money", "ru", "десяти миллиардов долларов", []wantFigure{{"десяти миллиардов долларов", "money", 1e10, "USD", ""}}},
		{"ru percent by", "ru", "вырос на 20%", []wantFigure{{"20%", "percent", 20, "percent", ""}}},
		{"ru percent word", "ru", "снизился на 70 процентов", []wantFigure{{"70 процентов", "percent", 70, "percent", ""}}},
		{"ru trade subject", "ru", "товарооборот вырос на 85%", []wantFigure{{"85%", "percent", 85, "percent", "trade"}}},
		{"ru tonnes", "ru", "500 тыс. тонн зерна", []wantFigure{{"500 тыс. тонн", "count", 5e5, "тонна", ""}}},
		{"ru tonnes abbreviation", "ru", "500 тыс. т зерна", []wantFigure{{"500 тыс. т", "count", 5e5, "тонна", ""}}},
		{"ru agreements", "ru", "подписано 12 соглашений", []wantFigure{{"12 соглашений", "count", 12, "соглашение", ""}}},
		{"ru genitive singular", "ru", "четыре провинции", []wantFigure{{"четыре провинции", "count", 4, "провинция", ""}}},
		{"ru instrumental", "ru", "между 2 городами", []wantFigure{{"2 городами", "count", 2, "город", ""}}},
		{"ru adjectives", "ru", "более 500 российских компаний", []wantFigure{{"более 500 российских компаний", "count", 500, "компания", ""}}},
		{"ru people", "ru", "около 3 тысяч человек", []wantFigure{{"около 3 тысяч человек", "count", 3000, "человек", ""}}},
		{"ru thousand alone", "ru", "более тысячи участников", []wantFigure{{"более тысячи участников", "count", 1000, "участник", ""}}},
		{"ru unknown noun", "ru", "15 меморандумов", []wantFigure{{"15 меморандумов", "count", 15, "меморандум", ""}}},
		{"ru of them", "ru", "43 региона, 13 из них", []wantFigure{{"43 региона", "count", 43, "регион", ""}, {"13", "count", 13, "регион", ""}}},
		{"ru ten", "ru", "десять регионов", []wantFigure{{"десять регионов", "count", 10, "регион", ""}}},
		{"ru of them before", "ru", "работают 150 предприятий, из них 30 – производственные", []wantFigure{
			{"150 предприятий", "count", 150, "предприятие", ""}, {"30", "count", 30, "предприятие", ""}}},
		{"ru abbreviation at sentence end", "ru", "составил $50 млрд. Это рекорд", []wantFigure{{"$50 млрд", "money", 5e10, "USD", ""}}},
		{"ru hectares", "ru", "на площади 5 тыс. га", []wantFigure{{"5 тыс. га", "count", 5000, "гектар", ""}}},
		{"ru square meters", "ru", "20 тыс. кв. м жилья", []wantFigure{{"20 тыс. кв. м", "count", 20000, "квадратный метр", ""}}},
		{"ru genitive masculine", "ru", "посетил 2 завода", []wantFigure{{"2 завода", "count", 2, "завод", ""}}},
		{"ru irregular people", "ru", "пять тысяч людей", []wantFigure{{"пять тысяч людей", "count", 5000, "человек", ""}}},
		{"hyphen percent", "en", "a 50-percent stake", []wantFigure{{"50-percent", "percent", 50, "percent", ""}}},
		{"hyphen scale", "en", "a $1.5-billion deal", []wantFigure{{"$1.5-billion", "money", 1.5e9, "USD", ""}}},
		{"Br attached", "en", "Br12.5 million was allocated", []wantFigure{{"Br12.5 million", "money", 1.25e7, "BYN", ""}}},
		{"of which", "en", "signed 12 agreements, of which 5 on trade", []wantFigure{
			{"12 agreements", "count", 12, "agreement", ""}, {"5", "count", 5, "agreement", ""}}},
		{"two people", "en", "Two people were injured", []wantFigure{{"Two people", "count", 2, "person", ""}}},
		{"invariant plural", "en", "operates 5 aircraft", []wantFigure{{"5 aircraft", "count", 5, "aircraft", ""}}},
		{"invariant modifier", "en", "has 10 staff members", []wantFigure{{"10 staff members", "count", 10, "member", ""}}},
		{"headline case", "en", "Belarus, Russia Sign 5 Agreements Worth $1 Billion", []wantFigure{
			{"5 Agreements", "count", 5, "agreement", ""}, {"$1 Billion", "money", 1e9, "USD", ""}}},
		{"plus sign", "en", "GDP grew +5%", []wantFigure{{"5%", "percent", 5, "percent", "GDP"}}},
		{"yen sign in a China story", "en", "The Chinese partner will invest ¥3 billion in the plant.", []wantFigure{{"¥3 billion", "money", 3e9, "CNY", ""}}},
		{"yen sign in a Japan story", "en", "The Japanese partner will invest ¥3 billion.", []wantFigure{{"¥3 billion", "money", 3e9, "JPY", ""}}},
		{"part of a whole", "en", "27 of the 85 regions trade with us", []wantFigure{
			{"27", "count", 27, "region", ""}, {"85 regions", "count", 85, "region", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.in, tt.lang)
			checkOffsets(t, tt.in, got)
			compareFigures(t, got, tt.want)
		})
	}
}

// TestNotFigures lists numbers that must not become figures.
func TestNotFigures(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"date day month year", "on Friday, 12 October 2018 the forum opened"},
		{"date month day", "on May 21, an online conference was held"},
		{"date dotted", "27.05.2024 - 28.05.2024"},
		{"date slashes", "28/01/18 14:14"},
		{"ISO date and time", "2018-02-07 20:33:36"},
		{"year", "to hold a Cross-Year in 2021"},
		{"rank spelled out", "it is among the top five trading partners"},
		{"rank in digits", "one of the top 10 exporters"},
		{"year before noun", "over the 2014 crisis in Ukraine"},
		{"year plural context", "in 2018 companies of the region exported more"},
		{"years range", "in the 1990-e years"},
		{"time", "• 9:16"},
		{"time with comma date", "19:20, 17 May"},
		{"ordinal", "the fifth Forum of Regions"},
		{"ordinal suffix", "took 13th place at the 14th forum"},
		{"ordinal date", "on 19th July, 2000"},
		{"roman numeral", "the XXV congress"},
		{"duration days", "the governor has been working here for three days"},
		{"duration years", "for 10 years"},
		{"duration adjective", "the three-day forum"},
		{"duration anniversary", "2010 marks 10 year anniversary"},
		{"duration months", "in the first nine months of 2018"},
		{"phone", "Phone +375-17-15-5-58-41"},
		{"postal code", "Berezino, 223310, Minsk oblast"},
		{"address", "Adress: 18 Oktyabrskaya Street"},
		{"page counter", "146 times (а)"},
		{"bullet counter", "  • 17"},
		{"rate widget", "USD 3.2580 EUR 3.5120 RUB 3.4500"},
		{"vague thousands", "with thousands employed by French firms"},
		{"vague several dozen", "several dozen of the twin cities"},
		{"vague hundreds of thousands", "hundreds of thousands of jobs"},
		{"the two countries", "representatives of the two countries"},
		{"the two sides", "the two sides agreed"},
		{"two heads of state", "for the two heads of state"},
		{"url", "see https://v102.ru/news/10543.html for more"},
		{"model name", "supply of S-400 Missile Systems"},
		{"code", "the APEC-2012 construction project"},
		{"half year", "in H1 2009"},
		{"article", "Article 5 of the treaty covers 3"},
		{"number sign", "decree No. 45 of the president"},
		{"bare number", "the ratio was 3 to 1"},
		{"one", "one of the largest partners"},
		{"times more", "3 times more"},
		{"fraction", "two thirds of the trade"},
		{"vague plural scale", "28 millions of viewers"},
		{"identifier", "ticket 1678200 resolved"},
		{"ru date", "с 20 по 22 марта 2024 года"},
		{"ru year", "в 1997 году"},
		{"ru years range", "на 2004 – 2006 годы"},
		{"ru duration", "за последние 7 лет"},
		{"ru duration days", "на один день"},
		{"ru anniversary", "к 75-летию установления связей"},
		{"ru centuries", "документов 18-19 веков"},
		{"ru times", "увеличился вчетверо, в 3 раза"},
		{"ru fraction", "на две трети"},
		{"ru two countries", "представителей двух стран"},
		{"ru vague thousands", "Тысячи демонстрантов вышли"},
		{"ru article", "по статье 283 уголовного кодекса"},
		{"ru article number", "283 уголовного кодекса"},
		{"ru ordinal", "на 5-й фестиваль"},
		{"ru time of day", "около 7 вечера"},
		{"ru comparative", "в 9 больше"},
		{"ru house", "дом 5, корпус 2"},
		{"ru address and phone", "ул. Ленина, 5, тел.: 8 (342) 123-45-67, индекс 614000"},
		{"ru vague tens", "десятки предприятий и несколько десятков компаний"},
		{"ru times", "в 1,5 раза"},
		{"rate equation", "USD 1 = RUB 90.5 today"},
		{"rate per", "the rate is 3.25 BYN per dollar"},
		{"rate table", "USD 92.5 +0.3"},
		{"range", "the share rose 10-15 percent"},
		{"fold", "grew 1.5-fold"},
		{"G20", "a G20 summit"},
		{"covid", "Covid-19 cases"},
		{"paragraph", "Paragraph 3 of the protocol"},
		{"population bare", "The population of Minsk is 2 million."},
		{"two hours", "The visit lasted two hours."},
		{"years list", "met in 2019, 2020 and 2021"},
		{"date range", "visited on 5-7 June"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Find(tt.in, ""); len(got) != 0 {
				t.Errorf("Find(%q) = %+v, want none", tt.in, got)
			}
		})
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Trade grew by 20%", "en"},
		{"Товарооборот вырос на 20%", "ru"},
		{"", "en"},
		{"20 30", "en"},
	}
	for _, tt := range tests {
		if got := detectLang(tt.in); got != tt.want {
			t.Errorf("detectLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConcurrent runs Find from several goroutines (go test -race checks
// that it shares no mutable state).
func TestConcurrent(t *testing.T) {
	text := benchText(t)
	want := len(Find(text, ""))
	done := make(chan int)
	for range 4 {
		go func() { done <- len(Find(text, "")) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent Find found %d figures, want %d", got, want)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"over 8,000 enterprises", "$2.6m", "1,5 млрд долларов", "на 20%", "12.10.2018 15:52",
		"13 of them and 3 at", "US$ 1.2 bn", "тысячу", "one hundred and", "5-", "$", "1 500 000",
		"https://x.ru/1", "a@b.c 5 companies", "\u00a0\u00a05\u00a0", "5\xff%", "два", "RUB 3.2580 +",
	} {
		f.Add(s, "")
		f.Add(s, "ru")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		figs := Find(text, lang)
		prev := 0
		for _, g := range figs {
			if g.Start < prev || g.Start >= g.End || g.End > len(text) {
				t.Fatalf("bad offsets %d..%d (previous end %d) in %q", g.Start, g.End, prev, text)
			}
			if text[g.Start:g.End] != g.Text {
				t.Fatalf("Text %q does not match text[%d:%d]", g.Text, g.Start, g.End)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[g.Start]) || (g.End < len(text) && !utf8.RuneStart(text[g.End]))) {
				t.Fatalf("offsets %d..%d not on rune boundaries in %q", g.Start, g.End, text)
			}
			if g.Kind != pipeline.KindMoney && g.Kind != pipeline.KindPercent && g.Kind != pipeline.KindCount {
				t.Fatalf("bad kind %q", g.Kind)
			}
			if g.Unit == "" || math.IsNaN(g.Value) || math.IsInf(g.Value, 0) {
				t.Fatalf("bad figure %+v", g)
			}
			prev = g.End
		}
	})
}

// benchText is a ~20 KB mix of the English and Russian golden inputs.
func benchText(tb testing.TB) string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*", "input.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no inputs: %v", err)
	}
	var b strings.Builder
	for b.Len() < 20<<10 {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			b.Write(data)
			b.WriteString("\n\n")
			if b.Len() >= 20<<10 {
				break
			}
		}
	}
	return b.String()
}

func BenchmarkFind(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text, "")
	}
}
