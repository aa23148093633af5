package figures

import (
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		lang string
		want float64
		ok   bool
	}{
		{"8,000", "en", 8000, true},
		{"1,500,000", "en", 1500000, true},
		{"1,234.5", "en", 1234.5, true},
		{"0.5", "en", 0.5, true},
		{"37.7", "en", 37.7, true},
		{"1,5", "en", 1.5, true}, // a European decimal comma in an English text
		{"0,500", "en", 0.5, true},
		{"1,5", "ru", 1.5, true},
		{"8,5", "ru", 8.5, true},
		{"8,000", "ru", 8000, true}, // no one writes 8.0 as "8,000"
		{"1,500", "ru", 1.5, true},  // Russian: a comma is decimal
		{"1.234.567,89", "ru", 1234567.89, true},
		{"1.500.000", "ru", 1500000, true},
		{"1 500", "ru", 1500, true},
		{"1\u00a0500\u00a0000", "ru", 1500000, true},
		{"140 000", "ru", 140000, true},
		{"1\u202f500", "en", 1500, true},
		{"2.6m", "en", 2.6e6, true},
		{"5bn", "en", 5e9, true},
		{"5 bn", "en", 5e9, true},
		{"1.2 billion", "en", 1.2e9, true},
		{"3 million", "en", 3e6, true},
		{"10k", "en", 1e4, true},
		{"1,5 млрд", "ru", 1.5e9, true},
		{"500 тыс.", "ru", 5e5, true},
		{"163 млн", "ru", 1.63e8, true},
		{"8 тысяч", "ru", 8000, true},
		{"two", "en", 2, true},
		{"Twelve", "en", 12, true},
		{"twenty-five", "en", 25, true},
		{"twenty five", "en", 25, true},
		{"one hundred and fifty", "en", 150, true},
		{"two thousand five hundred", "en", 2500, true},
		{"two million", "en", 2e6, true},
		{"two dozen", "en", 24, true},
		{"десять", "ru", 10, true},
		{"четыре", "ru", 4, true},
		{"двух", "ru", 2, true},
		{"двадцать пять", "ru", 25, true},
		{"двести пятьдесят", "ru", 250, true},
		{"три тысячи", "ru", 3000, true},
		{"тысяча", "ru", 1000, true},
		{"полтора миллиарда", "ru", 1.5e9, true},
		{"", "en", 0, false},
		{"abc", "en", 0, false},
		{"27.05.2024", "ru", 0, false},
		{"12.10.2018", "en", 0, false},
		{"1,50,000", "en", 0, false},
		{"1 50", "en", 0, false},
		{"5 m", "en", 0, false}, // a spaced "m" may be metres
		{"two three", "en", 0, false},
		{"thousand", "en", 0, false}, // English needs a number before a scale
		{"thousands", "en", 0, false},
		{"12:30", "en", 0, false},
		{"5%", "en", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.in, func(t *testing.T) {
			got, ok := ParseNumber(tt.in, tt.lang)
			if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-9*math.Max(1, tt.want)) {
				t.Errorf("ParseNumber(%q, %q) = %g, %v; want %g, %v", tt.in, tt.lang, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"8,000", "1,5", "1 500", "2.6m", "0.5", "1\u00a0500", "two", "twenty-five",
		"три тысячи", "1,5 млрд", "27.05.2024", "1.234,5", "one hundred and", "\xff", "9999999999999999999999"} {
		f.Add(s, "en")
		f.Add(s, "ru")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		v, ok := ParseNumber(s, lang)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0) {
			t.Fatalf("ParseNumber(%q) = %g", s, v)
		}
		if !ok && v != 0 {
			t.Fatalf("ParseNumber(%q) failed but returned %g", s, v)
		}
	})
}
