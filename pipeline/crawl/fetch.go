package crawl

import (
	"context"
	"errors"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// fetchResult is one HTTP exchange. Body is nil when the response was
// aborted on its headers (Skip says why) or failed (Err).
type fetchResult struct {
	Status int
	Header http.Header
	Body   []byte
	Err    error  // transport error or timeout
	Skip   string // "type" or "size": aborted after the headers
	Detail string // content type or length that caused Skip
}

// fetcher sends single GET requests through a colly collector configured
// to leave every crawl decision to the caller: no revisit filter, no
// robots (the crawler applies robots itself, with Crawl-delay), no
// redirects (followed by the caller, which checks each hop), no charset
// conversion (the raw body is published).
type fetcher struct {
	c       *colly.Collector
	maxBody int64
}

const resKey = "tieline.res"
const kindKey = "tieline.kind"

// newFetcher builds the fetcher; gate is called in the transport right
// before each request is sent (politeness spacing), and may be nil.
func newFetcher(ctx context.Context, ua string, timeout time.Duration, maxBody int64, rt http.RoundTripper, gate func(*http.Request) error) *fetcher {
	f := &fetcher{maxBody: maxBody}
	c := colly.NewCollector(
		colly.StdlibContext(ctx),
		colly.AllowURLRevisit(),
		colly.ParseHTTPErrorResponse(),
		colly.IgnoreRobotsTxt(),
		colly.UserAgent(ua),
		// One byte over the cap: colly truncates silently at MaxBodySize,
		// so a body that reaches cap+1 is known to be too large.
		colly.MaxBodySize(int(maxBody)+1),
	)
	if rt == nil {
		rt = defaultTransport
	}
	c.WithTransport(rawCharset{next: rt, gate: gate})
	c.SetRequestTimeout(timeout)
	c.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	c.OnResponseHeaders(func(r *colly.Response) {
		res, _ := r.Ctx.GetAny(resKey).(*fetchResult)
		if res == nil {
			return
		}
		res.Status = r.StatusCode
		res.Header = restoreContentType(r.Headers.Clone())
		if r.StatusCode != http.StatusOK {
			return
		}
		if cl, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && cl > f.maxBody {
			res.Skip, res.Detail = "size", "content-length "+strconv.FormatInt(cl, 10)
			r.Request.Abort()
			return
		}
		if ct := res.Header.Get("Content-Type"); !acceptType(itemKind(r.Ctx.Get(kindKey)), ct) {
			res.Skip, res.Detail = "type", ct
			r.Request.Abort()
		}
	})
	c.OnResponse(func(r *colly.Response) {
		res, _ := r.Ctx.GetAny(resKey).(*fetchResult)
		if res == nil {
			return
		}
		res.Status = r.StatusCode
		res.Header = restoreContentType(r.Headers.Clone())
		res.Body = r.Body
		if int64(len(r.Body)) > f.maxBody {
			res.Body = nil
			res.Skip, res.Detail = "size", "body over "+strconv.FormatInt(f.maxBody, 10)
		}
	})
	f.c = c
	return f
}

// origContentType carries the server's Content-Type past colly.
const origContentType = "X-Tieline-Content-Type"

// rawCharset hides the charset parameter of responses from colly, which
// would otherwise convert the body to UTF-8: the crawler publishes the raw
// bytes and decodes them itself, with sniffing when the header is silent.
//
// It also spaces requests: the host's start times are taken here, after
// colly's own work, so that they are the times requests leave.
type rawCharset struct {
	next http.RoundTripper
	gate func(*http.Request) error
}

// RoundTrip moves the Content-Type aside and leaves colly the bare media type.
func (t rawCharset) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.gate != nil {
		if err := t.gate(req); err != nil {
			return nil, err
		}
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp == nil {
		return resp, err
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		resp.Header.Set(origContentType, ct)
		mt, _, _ := strings.Cut(ct, ";")
		resp.Header.Set("Content-Type", strings.TrimSpace(mt))
	}
	return resp, nil
}

func restoreContentType(h http.Header) http.Header {
	if ct := h.Get(origContentType); ct != "" {
		h.Set("Content-Type", ct)
		h.Del(origContentType)
	}
	return h
}

// defaultTransport keeps more idle connections per host than
// http.DefaultTransport (2), so parallel fetches reuse connections.
var defaultTransport http.RoundTripper = func() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	t.ResponseHeaderTimeout = 60 * time.Second
	return t
}()

// get sends one GET. hdr carries conditional headers.
func (f *fetcher) get(u string, kind itemKind, hdr http.Header) fetchResult {
	res := &fetchResult{}
	cctx := colly.NewContext()
	cctx.Put(resKey, res)
	cctx.Put(kindKey, string(kind))
	h := http.Header{}
	for k, v := range hdr {
		h[k] = v
	}
	err := f.c.Request(http.MethodGet, u, nil, cctx, h)
	if res.Skip != "" {
		return *res
	}
	if err != nil && res.Body == nil {
		if errors.Is(err, colly.ErrAbortedAfterHeaders) {
			return *res
		}
		res.Err = err
		res.Status = 0
	}
	return *res
}

// acceptType reports whether a Content-Type is worth reading for kind.
// A missing type is accepted: many servers omit it on HTML.
func acceptType(kind itemKind, ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	switch kind {
	case kindFeed, kindSitemap, kindRobots:
		switch {
		case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"),
			mt == "application/pdf", strings.Contains(mt, "msword"), strings.Contains(mt, "officedocument"):
			return false
		}
		return true
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// isTimeout reports whether err is a timeout, for logging.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryAfter parses a Retry-After header (delay-seconds or an HTTP date)
// relative to now; ok is false when absent or unparseable.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > 1<<31 {
			n = 1 << 31
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}
