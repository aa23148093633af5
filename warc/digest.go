package warc

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Digest returns the conventional WARC digest of b: "sha1:" and the
// base32 of its SHA-1.
func Digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// CheckDigest reports whether a WARC digest value ("algorithm:value")
// matches data. It accepts sha1, sha256, sha512 and md5, and the value in
// base32 (the convention), hex or base64, since writers in the wild use all
// three. It fails with ErrDigestMismatch on a mismatch or an undecodable
// value, and with a plain error for an unknown algorithm.
func CheckDigest(value string, data []byte) error {
	algo, enc, ok := strings.Cut(strings.TrimSpace(value), ":")
	if !ok {
		return fmt.Errorf("%w: digest %q has no algorithm", ErrDigestMismatch, clip([]byte(value)))
	}
	var h hash.Hash
	switch strings.ToLower(strings.ReplaceAll(algo, "-", "")) {
	case "sha1":
		h = sha1.New()
	case "sha256":
		h = sha256.New()
	case "sha512":
		h = sha512.New()
	case "md5":
		h = md5.New()
	default:
		return fmt.Errorf("checking digest: unsupported algorithm %q", clip([]byte(algo)))
	}
	h.Write(data)
	sum := h.Sum(nil)
	want := decodeDigest(enc, len(sum))
	if want == nil {
		return fmt.Errorf("%w: cannot decode digest %q", ErrDigestMismatch, clip([]byte(value)))
	}
	if !bytes.Equal(want, sum) {
		return fmt.Errorf("%w: %s declared, data has %s:%s", ErrDigestMismatch, clip([]byte(value)), algo,
			base32.StdEncoding.EncodeToString(sum))
	}
	return nil
}

// decodeDigest decodes a digest value of n bytes from base32, hex or
// base64, returning nil if none fits.
func decodeDigest(s string, n int) []byte {
	encs := []func(string) ([]byte, error){
		func(s string) ([]byte, error) { return base32.StdEncoding.DecodeString(strings.ToUpper(s)) },
		func(s string) ([]byte, error) {
			return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(s))
		},
		hex.DecodeString,
		base64.StdEncoding.DecodeString,
		base64.URLEncoding.DecodeString,
		base64.RawStdEncoding.DecodeString,
		base64.RawURLEncoding.DecodeString,
	}
	for _, dec := range encs {
		if b, err := dec(s); err == nil && len(b) == n {
			return b
		}
	}
	return nil
}

// VerifyDigests checks the record's WARC-Block-Digest and, where the
// payload is in the block, its WARC-Payload-Digest. For HTTP records the
// payload is the body after the headers, taken raw or de-chunked, since
// tools disagree on which. Revisit records are skipped for the payload
// (their digest describes the original capture). Missing digests pass.
func (r *Record) VerifyDigests() error {
	block, err := r.Bytes()
	if err != nil {
		return err
	}
	fail := func(what string, err error) error {
		return &RecordError{Number: r.Number, Offset: r.Offset, Err: fmt.Errorf("checking %s: %w", what, err)}
	}
	if d := r.Header.Get("WARC-Block-Digest"); d != "" {
		if err := CheckDigest(d, block); err != nil {
			return fail("block digest", err)
		}
	}
	d := r.Header.Get("WARC-Payload-Digest")
	if d == "" || strings.EqualFold(r.Type(), "revisit") {
		return nil
	}
	payload := block
	if strings.Contains(strings.ToLower(r.Header.Get("Content-Type")), "application/http") {
		_, hdr, body := splitHTTP(block)
		payload = body
		if err := CheckDigest(d, payload); err == nil {
			return nil
		}
		if strings.Contains(strings.ToLower(hdr.Get("Transfer-Encoding")), "chunked") {
			if dec, err := dechunk(body, r.max); err == nil {
				payload = dec
			}
		}
	}
	if err := CheckDigest(d, payload); err != nil {
		return fail("payload digest", err)
	}
	return nil
}
