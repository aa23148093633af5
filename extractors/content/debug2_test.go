package content

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestDebugBig(t *testing.T) {
	if os.Getenv("BIG") == "" {
		t.Skip()
	}
	var b strings.Builder
	b.WriteString("<html><head><title>Big</title></head><body>")
	for b.Len() < 10<<20 {
		b.WriteString("<div class='x'><p>Moscow and Minsk signed an agreement on cooperation between the regions, officials said on Monday.</p><a href='/a'>link</a></div>\n")
	}
	b.WriteString("</body></html>")
	start := time.Now()
	r, err := Extract(Input{Body: []byte(b.String())})
	fmt.Println(time.Since(start), err, len(r.Text))
}
