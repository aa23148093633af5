package index

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHitJSONNulls(t *testing.T) {
	b, err := json.Marshal(Hit{ID: "a", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"url":null`, `"source":null`, `"published":null`, `"id":"a"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	b, _ = json.Marshal(Hit{ID: "b", URL: "https://tass.com/1", Source: "TASS"})
	if !strings.Contains(string(b), `"url":"https://tass.com/1"`) || !strings.Contains(string(b), `"source":"TASS"`) {
		t.Errorf("set values lost: %s", b)
	}
}
