package natsbus

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tieline/tieline/pipeline"
)

// Message headers. Metadata travels in a header so that the body can be
// the raw (compressed) page instead of base64 inside JSON.
const (
	hdrMeta     = "Tieline-Meta"     // page metadata as JSON, without the body
	hdrEncoding = "Tieline-Encoding" // "gzip" when the data is compressed
	hdrBodyRef  = "Tieline-Body-Ref" // object-store name of a body too big for a message
	hdrID       = "Tieline-Id"       // article id, for dead letters and tracing
	hdrError    = "Tieline-Error"
	hdrStage    = "Tieline-Stage"
	hdrTries    = "Tieline-Deliveries"
	hdrSubject  = "Tieline-Subject"
)

// compressAbove is the size from which bodies are gzipped; HTML shrinks
// five- to tenfold, so a 10 MB page usually still fits one message.
const compressAbove = 1024

// headroom keeps a message under the server's max payload with its headers.
const headroom = 64 << 10

// subjectToken turns a source name into one subject token.
func subjectToken(s string) string {
	if s == "" {
		return "unknown"
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// msgID is the JetStream de-duplication id of one version of an article.
func msgID(id string, version int) string {
	if version <= 0 {
		return id
	}
	return id + ".v" + strconv.Itoa(version)
}

func gz(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxInflate bounds decompression so a corrupt or hostile message cannot
// exhaust memory (pages are capped far below this by the crawler).
const maxInflate = 256 << 20

func gunzip(data []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxInflate+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxInflate {
		return nil, fmt.Errorf("decompressed body over %d bytes", maxInflate)
	}
	return out, nil
}

// encode builds a message carrying data, compressed when worth it; data
// still too large for one message is put in the object store.
func (b *Bus) encode(ctx context.Context, subject, articleID, id string, data []byte) (*nats.Msg, error) {
	m := nats.NewMsg(subject)
	m.Header.Set(hdrID, articleID)
	if len(data) > compressAbove {
		z, err := gz(data)
		if err != nil {
			return nil, fmt.Errorf("compressing %s: %w", id, err)
		}
		data = z
		m.Header.Set(hdrEncoding, "gzip")
	}
	if len(data) > b.maxPayload-headroom {
		// Named by stream too: a page and its article share an id.
		ref := subject[:strings.LastIndexByte(subject, '.')] + "." + id
		if _, err := b.bodies.PutBytes(ctx, ref, data); err != nil {
			return nil, fmt.Errorf("storing large body of %s: %w", id, err)
		}
		m.Header.Set(hdrBodyRef, ref)
		data = nil
	}
	m.Data = data
	return m, nil
}

// payload returns a message's data, fetched and decompressed as needed.
func (b *Bus) payload(ctx context.Context, h nats.Header, data []byte) ([]byte, error) {
	if ref := h.Get(hdrBodyRef); ref != "" {
		var err error
		data, err = b.bodies.GetBytes(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("fetching large body %s: %w", ref, err)
		}
	}
	if h.Get(hdrEncoding) == "gzip" {
		out, err := gunzip(data)
		if err != nil {
			return nil, fmt.Errorf("decompressing: %w", err)
		}
		return out, nil
	}
	return data, nil
}

// PublishPage puts a page on the pages stream and returns once JetStream
// has stored it. A page with the same id and version published again
// within the de-duplication window is dropped by the server; duplicate
// reports whether that happened.
func (b *Bus) PublishPage(ctx context.Context, p pipeline.Page) (duplicate bool, err error) {
	if p.ID == "" {
		return false, fmt.Errorf("publishing page %s: no id", p.URL)
	}
	body := p.Body
	p.Body = nil
	meta, err := json.Marshal(p)
	if err != nil {
		return false, fmt.Errorf("publishing page %s: %w", p.ID, err)
	}
	id := msgID(p.ID, p.Version)
	m, err := b.encode(ctx, b.Names.PagesSubject+"."+subjectToken(p.Source), p.ID, id, body)
	if err != nil {
		return false, err
	}
	m.Header.Set(hdrMeta, string(meta))
	ack, err := b.js.PublishMsg(ctx, m, jetstream.WithMsgID(id), jetstream.WithExpectStream(b.Names.PagesStream))
	if err != nil {
		return false, fmt.Errorf("publishing page %s: %w", p.ID, err)
	}
	return ack.Duplicate, nil
}

// DecodePage reads a page message back.
func (b *Bus) DecodePage(ctx context.Context, h nats.Header, data []byte) (pipeline.Page, error) {
	var p pipeline.Page
	if err := json.Unmarshal([]byte(h.Get(hdrMeta)), &p); err != nil {
		return p, fmt.Errorf("decoding page metadata: %w", err)
	}
	body, err := b.payload(ctx, h, data)
	if err != nil {
		return p, fmt.Errorf("decoding page %s: %w", p.ID, err)
	}
	p.Body = body
	return p, nil
}

// PublishArticle puts an extracted article on the articles stream and
// returns once JetStream has stored it.
func (b *Bus) PublishArticle(ctx context.Context, a pipeline.Article) error {
	data, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("publishing article %s: %w", a.ID, err)
	}
	id := msgID(a.ID, a.Version)
	m, err := b.encode(ctx, b.Names.ArticlesSubject+"."+subjectToken(a.SourceName), a.ID, id, data)
	if err != nil {
		return err
	}
	if _, err := b.js.PublishMsg(ctx, m, jetstream.WithMsgID(id), jetstream.WithExpectStream(b.Names.ArticlesStream)); err != nil {
		return fmt.Errorf("publishing article %s: %w", a.ID, err)
	}
	return nil
}

// DecodeArticle reads an article message back.
func (b *Bus) DecodeArticle(ctx context.Context, h nats.Header, data []byte) (pipeline.Article, error) {
	var a pipeline.Article
	raw, err := b.payload(ctx, h, data)
	if err != nil {
		return a, fmt.Errorf("decoding article %s: %w", h.Get(hdrID), err)
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("decoding article %s: %w", h.Get(hdrID), err)
	}
	return a, nil
}
