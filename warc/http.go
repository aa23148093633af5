package warc

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// errNotChunked means a body labelled chunked does not even start with a
// chunk size: the capture tool already removed the chunking but kept the
// header, so the raw body is the payload.
var errNotChunked = errors.New("body is not chunked")

// HTTPResponse parses the block of a response record as an HTTP response,
// with chunked transfer-encoding and gzip/deflate content-encoding removed
// (like net/http's client does: Content-Encoding is then deleted and
// Uncompressed set). Body sizes are bounded by the reader's maximum.
func (r *Record) HTTPResponse() (*http.Response, error) {
	block, err := r.Bytes()
	if err != nil {
		return nil, err
	}
	resp, err := parseHTTPResponse(block, r.max)
	if err != nil {
		return nil, &RecordError{Number: r.Number, Offset: r.Offset, Err: err}
	}
	return resp, nil
}

// ParseHTTPResponse parses a WARC response block (status line, headers,
// body) like Record.HTTPResponse, bounding the decoded body by
// DefaultMaxRecordSize.
func ParseHTTPResponse(block []byte) (*http.Response, error) {
	return parseHTTPResponse(block, DefaultMaxRecordSize)
}

func parseHTTPResponse(block []byte, limit int64) (*http.Response, error) {
	status, hdr, body := splitHTTP(block)
	proto, rest, _ := strings.Cut(status, " ")
	major, minor, ok := parseHTTPVersion(proto)
	if !ok {
		return nil, fmt.Errorf("parsing http status line %q: %w", clip([]byte(status)), ErrCorrupt)
	}
	rest = strings.TrimSpace(rest)
	codeStr, _, _ := strings.Cut(rest, " ")
	code, err := strconv.Atoi(codeStr)
	if err != nil || code < 100 || code > 999 {
		return nil, fmt.Errorf("parsing http status code %q: %w", clip([]byte(codeStr)), ErrCorrupt)
	}
	resp := &http.Response{
		Status:     rest,
		StatusCode: code,
		Proto:      proto,
		ProtoMajor: major,
		ProtoMinor: minor,
		Header:     hdr,
	}
	if strings.Contains(strings.ToLower(hdr.Get("Transfer-Encoding")), "chunked") {
		dec, err := dechunk(body, limit)
		switch {
		case err == nil:
			body = dec
			resp.TransferEncoding = []string{"chunked"}
		case errors.Is(err, errNotChunked):
			// Keep the raw body: it was stored already de-chunked.
		default:
			return nil, fmt.Errorf("decoding chunked http body: %w", err)
		}
		hdr.Del("Transfer-Encoding")
	}
	if body, resp.Uncompressed, err = decodeContent(hdr, body, limit); err != nil {
		return nil, err
	}
	resp.ContentLength = int64(len(body))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func parseHTTPVersion(proto string) (int, int, bool) {
	switch proto {
	case "HTTP/2", "HTTP/2.0":
		return 2, 0, true
	case "HTTP/3", "HTTP/3.0":
		return 3, 0, true
	}
	return http.ParseHTTPVersion(proto)
}

// splitHTTP splits a block into its status line, headers and body. It is
// lenient: LF line ends, junk header lines and a missing blank line are
// accepted, because the block length (not the HTTP framing) is authoritative.
func splitHTTP(block []byte) (string, http.Header, []byte) {
	h := http.Header{}
	// Some writers leave blank lines before the status line.
	for len(block) > 0 && (block[0] == '\r' || block[0] == '\n') {
		block = block[1:]
	}
	status := ""
	first := true
	lastKey := ""
	for len(block) > 0 {
		var line []byte
		if i := bytes.IndexByte(block, '\n'); i >= 0 {
			line, block = block[:i], block[i+1:]
		} else {
			line, block = block, nil
		}
		line = bytes.TrimRight(line, "\r")
		if first {
			status, first = strings.TrimSpace(string(line)), false
			continue
		}
		if len(line) == 0 {
			return status, h, block
		}
		if (line[0] == ' ' || line[0] == '\t') && lastKey != "" {
			vs := h[lastKey]
			vs[len(vs)-1] += " " + string(bytes.TrimSpace(line))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		key := textproto.CanonicalMIMEHeaderKey(string(bytes.TrimSpace(name)))
		if key == "" {
			continue
		}
		h[key] = append(h[key], string(bytes.TrimSpace(value)))
		lastKey = key
	}
	return status, h, nil
}

// dechunk removes HTTP/1.1 chunked transfer-encoding. Trailers after the
// last chunk are ignored; a body ending exactly at a chunk boundary without
// the final zero-size chunk is accepted, since crawlers cut such bodies.
func dechunk(body []byte, limit int64) ([]byte, error) {
	out := make([]byte, 0, min(len(body), 1<<20))
	i := 0
	for first := true; ; first = false {
		if i == len(body) && !first {
			return out, nil
		}
		j := bytes.IndexByte(body[i:], '\n')
		if j < 0 {
			if first {
				return nil, errNotChunked
			}
			return nil, fmt.Errorf("%w: chunk size line at byte %d cut short", ErrBadChunking, i)
		}
		line := bytes.TrimSpace(body[i : i+j])
		if k := bytes.IndexByte(line, ';'); k >= 0 {
			line = bytes.TrimSpace(line[:k]) // chunk extensions
		}
		size, err := strconv.ParseUint(string(line), 16, 63)
		if err != nil {
			if first {
				return nil, errNotChunked
			}
			return nil, fmt.Errorf("%w: bad chunk size %q at byte %d", ErrBadChunking, clip(line), i)
		}
		i += j + 1
		if size == 0 {
			return out, nil
		}
		if size > uint64(len(body)-i) {
			return nil, fmt.Errorf("%w: chunk of %d bytes at byte %d overruns the body (%d bytes left)", ErrBadChunking, size, i, len(body)-i)
		}
		if int64(len(out))+int64(size) > limit {
			return nil, fmt.Errorf("%w: chunked body exceeds %d bytes", ErrRecordTooLarge, limit)
		}
		out = append(out, body[i:i+int(size)]...)
		i += int(size)
		switch {
		case bytes.HasPrefix(body[i:], []byte("\r\n")):
			i += 2
		case bytes.HasPrefix(body[i:], []byte("\n")):
			i++
		case i == len(body):
		default:
			return nil, fmt.Errorf("%w: no line end after chunk at byte %d", ErrBadChunking, i)
		}
	}
}

// decodeContent removes gzip or deflate content-encoding, bounded by limit
// so a compression bomb cannot exhaust memory. A body labelled gzip that
// lacks the gzip magic was stored decoded; it is returned as is.
func decodeContent(hdr http.Header, body []byte, limit int64) ([]byte, bool, error) {
	enc := strings.ToLower(strings.TrimSpace(hdr.Get("Content-Encoding")))
	var zr io.Reader
	switch enc {
	case "gzip", "x-gzip":
		if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
			hdr.Del("Content-Encoding")
			return body, false, nil
		}
		gr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false, fmt.Errorf("decoding gzip http body: %w: %w", ErrCorrupt, err)
		}
		zr = gr
	case "deflate":
		if len(body) == 0 {
			hdr.Del("Content-Encoding")
			return body, false, nil
		}
		// "deflate" means zlib-wrapped, but many servers send raw deflate.
		if r, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			zr = r
		} else {
			zr = flate.NewReader(bytes.NewReader(body))
		}
	default:
		return body, false, nil // identity, or an encoding (br, zstd) left to the caller
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, false, fmt.Errorf("decoding %s http body: %w: %w", enc, ErrTruncated, err)
		}
		return nil, false, fmt.Errorf("decoding %s http body: %w: %w", enc, ErrCorrupt, err)
	}
	if int64(len(out)) > limit {
		return nil, false, fmt.Errorf("decoding %s http body: %w: more than %d bytes", enc, ErrRecordTooLarge, limit)
	}
	hdr.Del("Content-Encoding")
	hdr.Del("Content-Length")
	return out, true, nil
}
