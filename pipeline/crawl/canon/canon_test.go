package canon

import (
	"net/url"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{name: "host lower-cased, default port dropped", in: "HTTP://TASS.Com:80/Politics/1", want: "http://tass.com/Politics/1"},
		{name: "https default port", in: "https://tass.com:443/x", want: "https://tass.com/x"},
		{name: "other port kept", in: "https://tass.com:8443/x", want: "https://tass.com:8443/x"},
		{name: "fragment removed", in: "https://tass.com/a#comments", want: "https://tass.com/a"},
		{name: "utm removed", in: "https://tass.com/a?utm_source=rss&utm_medium=feed", want: "https://tass.com/a"},
		{name: "jsessionid path parameter removed", in: "https://x.ru/news/123456;jsessionid=A1B2?id=1", want: "https://x.ru/news/123456?id=1"},
		{name: "other path parameter kept", in: "https://x.ru/a;v=1", want: "https://x.ru/a%3Bv=1"},
		{name: "session and amp parameters removed", in: "https://x.ru/a.php?id=7&sid=8f3a&amp&PHPSESSID=1", want: "https://x.ru/a.php?id=7"},
		{name: "trackers removed, rest sorted", in: "https://x.ru/a?page=2&fbclid=1&id=5&yclid=9&_openstat=abc", want: "https://x.ru/a?id=5&page=2"},
		{name: "tracker case-insensitive", in: "https://x.ru/a?UTM_Campaign=z&GCLID=1", want: "https://x.ru/a"},
		{name: "empty path", in: "https://belta.by", want: "https://belta.by/"},
		{name: "dot segments", in: "https://belta.by/a/./b/../c/", want: "https://belta.by/a/c/"},
		{name: "trailing dot host", in: "https://belta.by./x", want: "https://belta.by/x"},
		{name: "cyrillic path escaped", in: "https://x.ru/новости/1", want: "https://x.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"},
		{name: "escaped and raw cyrillic agree", in: "https://x.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1", want: "https://x.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"},
		{name: "user info dropped", in: "https://u:p@x.ru/", want: "https://x.ru/"},
		{name: "empty query dropped", in: "https://x.ru/a?", want: "https://x.ru/a"},
		{name: "mailto rejected", in: "mailto:a@b.c", wantErr: true},
		{name: "relative rejected", in: "/news/1", wantErr: true},
		{name: "ftp rejected", in: "ftp://x.ru/a", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Canonicalize(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Canonicalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	base, _ := url.Parse("https://tass.com/politics/?page=2")
	tests := []struct {
		name, href, want string
		ok               bool
	}{
		{name: "relative", href: "1234567", want: "https://tass.com/politics/1234567", ok: true},
		{name: "root relative with utm", href: "/economy/9?utm_source=x#top", want: "https://tass.com/economy/9", ok: true},
		{name: "protocol relative", href: "//TASS.com/a", want: "https://tass.com/a", ok: true},
		{name: "fragment only", href: "#top", ok: false},
		{name: "javascript", href: "javascript:void(0)", ok: false},
		{name: "mailto", href: "mailto:x@tass.com", ok: false},
		{name: "empty", href: "  ", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Resolve(base, tt.href)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.href, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"https://tass.com/a?utm_source=x&b=1#f", "HTTP://X.RU:80", "https://x.ru/%2Fa/../b", "https://x.ru/a?b=%zz&c", "http://[::1]:80/a", "https://x.ru/новости?q=д"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonicalize(s)
		if err != nil {
			return
		}
		c2, err := Canonicalize(c)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", c, s, err)
		}
		if c2 != c {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, c, c2)
		}
	})
}
