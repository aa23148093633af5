package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "belta.txt")
	if err := os.WriteFile(text, []byte("Belarus, Perm Krai agree on trade\n\nMINSK, 27 May (BelTA) – Belarus and Perm Krai agreed to raise trade to $0.5 billion, Perm Krai Governor Dmitry Makhonin said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join("testdata", "site", "article2.html")
	missing := filepath.Join(dir, "missing.txt")
	args := []string{"extract", "--format", "jsonl", text, missing, html, "-"}
	var out, errOut syncBuffer
	stdin := strings.NewReader("Торговля между Татарстаном и Францией выросла на 20%.")
	code := Main(t.Context(), args, &Env{Stdin: stdin, Stdout: &out, Stderr: &errOut})
	if code == 0 {
		t.Errorf("exit 0 with an unreadable input, want non-zero")
	}
	if !strings.Contains(errOut.String(), "missing.txt") {
		t.Errorf("stderr does not name the unreadable file:\n%s", errOut.String())
	}
	var rows []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, sc.Text())
		}
		rows = append(rows, row)
	}
	if len(rows) != 4 {
		t.Fatalf("%d output lines, want 4 (one per input, in order)", len(rows))
	}
	for i, want := range []string{text, missing, html, "-"} {
		if rows[i]["input"] != want {
			t.Errorf("line %d input = %v, want %s", i, rows[i]["input"], want)
		}
	}
	if rows[1]["error"] == nil {
		t.Errorf("unreadable input has no error field: %v", rows[1])
	}
	codes := func(row map[string]any, field string) []string {
		var out []string
		list, _ := row[field].([]any)
		for _, x := range list {
			out = append(out, x.(map[string]any)["code"].(string))
		}
		return out
	}
	if c, r := codes(rows[0], "countries"), codes(rows[0], "regions"); !contains(c, "BY") || !contains(r, "RU-PER") {
		t.Errorf("text file: countries %v regions %v, want BY and RU-PER", c, r)
	}
	if r := codes(rows[2], "regions"); !contains(r, "RU-TA") {
		t.Errorf("html file: regions %v, want RU-TA", r)
	}
	if rows[3]["language"] != "ru" || !contains(codes(rows[3], "regions"), "RU-TA") {
		t.Errorf("stdin: language %v regions %v, want ru and RU-TA", rows[3]["language"], codes(rows[3], "regions"))
	}
	for _, key := range []string{"id", "url", "source", "title", "published", "language", "text", "officials", "figures", "ties", "extractor_version"} {
		if _, ok := rows[0][key]; !ok {
			t.Errorf("output lacks %q", key)
		}
	}
}
