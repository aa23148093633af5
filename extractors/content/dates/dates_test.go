package dates

import (
	"testing"
	"time"
)

var ref = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	tests := []struct {
		in   string
		want string // RFC 3339; "" = no date
	}{
		{"2019-12-09", "2019-12-09T00:00:00Z"},
		{"2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"},
		{"2018-04-05T06:00", "2018-04-05T06:00:00Z"},
		{"2017-11-03 03:01:00.000000", "2017-11-03T03:01:00Z"},
		{"2015-03-27T13:07:55.096Z", "2015-03-27T13:07:55.096Z"},
		{"Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00"},
		{"Friday, 12 October 2018 15:52", "2018-10-12T15:52:00Z"},
		{"19:20, 17 May", "2026-05-17T19:20:00Z"},
		{"09th December, 2019", "2019-12-09T00:00:00Z"},
		{"27 мая 2024, 18:20", "2024-05-27T18:20:00Z"},
		{"15 января 2010, 07:42", "2010-01-15T07:42:00Z"},
		{"12.10.2018", "2018-10-12T00:00:00Z"},
		{"07.04.2009 18:30 МСК", "2009-04-07T18:30:00+03:00"},
		{"28/01/18 14:14", "2018-01-28T14:14:00Z"},
		{"May 27, 2024, 12:10 UTC+3", "2024-05-27T12:10:00+03:00"},
		{"27 May 2024 12:10 (GMT+3)", "2024-05-27T12:10:00+03:00"},
		{"27.05.2024 10:00 GMT -05:30", "2024-05-27T10:00:00-05:30"},
		{"27 мая 2024 (обновлено 28 мая)", "2024-05-27T00:00:00Z"},
		{"January 15, 2008.", "2008-01-15T00:00:00Z"},
		{"Feb. 7", "2026-02-07T00:00:00Z"},
		{"December 9 2019 at 3:05 pm", "2019-12-09T15:05:00Z"},
		{" date 2019-12-09", "2019-12-09T00:00:00Z"},
		{"1 декабря", "2025-12-01T00:00:00Z"}, // after ref in 2026, so last year
		{"2030-01-01", ""}, // in the future
		{"1989-12-31", ""}, // before the window
		{"31.02.2019", ""}, // no such day
		{"version 1.2.2019.5", ""},
		{"146 times", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in, ref, nil)
			if tt.want == "" {
				if ok {
					t.Errorf("Parse(%q) = %v, want none", tt.in, got)
				}
				return
			}
			want, err := time.Parse(time.RFC3339Nano, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if !ok || !got.Equal(want) {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, ok, want)
			}
			_, goff := got.Zone()
			_, woff := want.Zone()
			if ok && goff != woff {
				t.Errorf("Parse(%q) offset %d, want %d", tt.in, goff, woff)
			}
		})
	}
	// A default zone applies to dates that name none.
	got, ok := Parse("27 мая 2024, 18:20", ref, msk)
	if want := time.Date(2024, 5, 27, 18, 20, 0, 0, msk); !ok || !got.Equal(want) {
		t.Errorf("Parse with MSK = %v, want %v", got, want)
	}
}

func TestFromURL(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://example.com/2019/12/09/story", "2019-12-09"},
		{"https://ria.ru/20191209/1562136513.html", "2019-12-09"},
		{"https://site.ru/news/2019-12-09-story", "2019-12-09"},
		{"https://site.ru/news/123456789", ""},
		{"https://site.ru/2031/01/01/future", ""},
		{"https://site.ru/2019/13/40/", ""},
	}
	for _, tt := range tests {
		got, ok := FromURL(tt.url, ref, nil)
		s := ""
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != tt.want {
			t.Errorf("FromURL(%q) = %q, want %q", tt.url, s, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2019-12-09T10:00:00+03:00", "19:20, 17 May", "27 мая 2024, 18:20", "12.10.2018", "Feb. 7, 2019 3:05 pm", "99.99.9999 99:99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Parse(s, ref, nil)
		if ok && !Plausible(got, ref) {
			t.Errorf("Parse(%q) = %v outside the window", s, got)
		}
		for _, m := range FindAll(s, ref, nil, 0) {
			if m.Start < 0 || m.End > len(s) || m.Start > m.End {
				t.Errorf("FindAll(%q) bad span %d-%d", s, m.Start, m.End)
			}
		}
	})
}

func TestParseLanguages(t *testing.T) {
	// Visible forms of the sites tieline reads, written as the sites write
	// them; expected values worked out by hand.
	tests := []struct{ in, want string }{
		{"12:45 27.05.2024", "2024-05-27T12:45:00Z"},
		{"27. Mai 2024, 14:05 Uhr", "2024-05-27T14:05:00Z"},
		{"Publié le 27 mai 2024 à 18h20", "2024-05-27T18:20:00Z"},
		{"1er mai 2024", "2024-05-01T00:00:00Z"},
		{"27 de mayo de 2024 - 18:20", "2024-05-27T18:20:00Z"},
		{"27 de maio de 2024", "2024-05-27T00:00:00Z"},
		{"27 maggio 2024", "2024-05-27T00:00:00Z"},
		{"2024年5月27日 18:20", "2024-05-27T18:20:00Z"},
		{"2024年05月27日", "2024-05-27T00:00:00Z"},
		{"27-may, 2024", "2024-05-27T00:00:00Z"},
		{"27 мамыр 2024 ж., 14:30", "2024-05-27T14:30:00Z"},
		{"27 травня 2024 року", "2024-05-27T00:00:00Z"},
		{"27 мая 2024 года, 16:30", "2024-05-27T16:30:00Z"},
		{"3 dekabr 2023", "2023-12-03T00:00:00Z"},
		{"out 5 of 10", ""},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in, ref, nil)
		if tt.want == "" {
			if ok {
				t.Errorf("Parse(%q) = %v, want none", tt.in, got)
			}
			continue
		}
		want, _ := time.Parse(time.RFC3339, tt.want)
		if !ok || !got.Equal(want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, ok, want)
		}
	}
}
