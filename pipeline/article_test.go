package pipeline

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestArticleJSONNulls(t *testing.T) {
	tests := []struct {
		name string
		a    Article
		want []string // substrings of the JSON
	}{
		{"empty url, source and date are null; lists are []", Article{ID: "x", Title: "T"},
			[]string{`"url":null`, `"source":null`, `"published":null`, `"countries":[]`, `"ties":[]`}},
		{"set values are kept", Article{ID: "y", URL: "https://a.example/1", Source: "TASS",
			Published: time.Date(2024, 5, 27, 18, 20, 0, 0, time.FixedZone("MSK", 3*3600))},
			[]string{`"url":"https://a.example/1"`, `"source":"TASS"`, `"published":"2024-05-27T18:20:00+03:00"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.a)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("%s lacks %s", b, w)
				}
			}
			var back Article
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if back.URL != tt.a.URL || back.Source != tt.a.Source || !back.Published.Equal(tt.a.Published) {
				t.Errorf("round trip: got %+v, want %+v", back, tt.a)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	if StableID("https://tass.com/economy/1") != StableID("https://tass.com/economy/1") {
		t.Error("StableID not stable")
	}
	if StableID("https://tass.com/economy/1") == StableID("https://tass.com/economy/2") {
		t.Error("StableID collides")
	}
	if got := len(ContentID([]byte("x"))); got != 32 {
		t.Errorf("ContentID length %d, want 32 hex characters", got)
	}
}
