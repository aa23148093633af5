package figures

import "testing"

func TestSingularEN(t *testing.T) {
	tests := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"companies", "company", true},
		{"enterprises", "enterprise", true},
		{"entities", "entity", true},
		{"memorandums", "memorandum", true},
		{"businesses", "business", true},
		{"branches", "branch", true},
		{"taxes", "tax", true},
		{"niches", "niche", true},
		{"businesspeople", "businessperson", true},
		{"people", "person", true},
		{"women", "woman", true},
		{"tonnes", "ton", true},
		{"metres", "meter", true},
		{"Regions", "region", true},
		{"NGOs", "ngo", true},
		{"crisis", "", false},
		{"status", "", false},
		{"Belarus", "", false},
		{"Texas", "", false},
		{"news", "", false},
		{"various", "", false},
		{"gas", "", false},
		{"region", "", false},
		{"Russia's", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := singularEN(tt.raw, lowerSameLen(tt.raw))
			if got != tt.want || ok != tt.ok {
				t.Errorf("singularEN(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestRuLemma(t *testing.T) {
	tests := []struct {
		word  string
		value float64
		want  string
	}{
		// listed lemmas
		{"соглашений", 12, "соглашение"},
		{"соглашения", 3, "соглашение"},
		{"городами", 2, "город"},
		{"провинции", 4, "провинция"},
		{"областей", 5, "область"},
		{"стран", 30, "страна"},
		{"тонн", 500, "тонна"},
		{"человек", 25, "человек"},
		// ending rules for unlisted nouns
		{"меморандумов", 15, "меморандум"},
		{"журналиста", 2, "журналист"},
		{"пользователей", 400, "пользователь"},
		{"случаев", 600, "случай"},
		{"федераций", 40, "федерация"},
		{"собраний", 5, "собрание"},
		{"сферы", 3, "сфера"},
		{"терапии", 2, "терапия"},
		{"мысли", 2, "мысль"},
		{"ферм", 5000, "ферма"},
		{"заявок", 300, "заявка"},
		{"полёт", 31, "полёт"},
		{"астронавтами", 7, "астронавт"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := ruLemma(tt.word, tt.value); got != tt.want {
				t.Errorf("ruLemma(%q, %g) = %q, want %q", tt.word, tt.value, got, tt.want)
			}
		})
	}
}
