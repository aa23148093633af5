package warc_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/tieline/tieline/warc"
)

// Example writes one fetched page and reads it back the way `tieline
// import` does: response records only, parsed as HTTP.
func Example() {
	dir, _ := os.MkdirTemp("", "warc-example")
	defer os.RemoveAll(dir)

	w, err := warc.NewWriter(dir, "crawl")
	if err != nil {
		panic(err)
	}
	fetched := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	if err := w.WriteResponse("https://www.belta.by/regions/view/1", fetched, "HTTP/1.1 200 OK", hdr, []byte("<html>Perm Krai</html>")); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}

	f, _ := os.Open(w.Files()[0])
	defer f.Close()
	r, _ := warc.NewReader(f)
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("damaged:", err) // records before the damage were already handled
			break
		}
		if rec.Type() != "response" {
			continue
		}
		resp, err := rec.HTTPResponse()
		if err != nil {
			fmt.Println("skipping:", err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(rec.TargetURI(), rec.Date().Format(time.RFC3339), resp.StatusCode, resp.Header.Get("Content-Type"))
		fmt.Println(string(body))
	}
	// Output:
	// https://www.belta.by/regions/view/1 2025-05-01T12:00:00Z 200 text/html; charset=utf-8
	// <html>Perm Krai</html>
}
