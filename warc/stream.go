package warc

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// stream is the decompressed byte stream of a WARC file. For gzip input it
// reads member after member itself (rather than gzip's Multistream) so that
// it knows where each member starts in the file: that compressed offset is
// what a record's Offset reports, and what an index would seek to.
type stream struct {
	cnt      *countReader
	raw      *bufio.Reader
	gz       *gzip.Reader
	gzipped  bool
	inMember bool
	members  int
	out      int64  // decompressed bytes handed out so far
	marks    []mark // member starts not yet behind the reader
	err      error  // sticky
}

// mark maps the decompressed position where a gzip member begins to the
// member's offset in the file.
type mark struct {
	dec, comp int64
}

// streamError is a failure of the underlying file at a known file offset.
type streamError struct {
	offset int64
	err    error
}

func (e *streamError) Error() string { return fmt.Sprintf("offset %d: %v", e.offset, e.err) }
func (e *streamError) Unwrap() error { return e.err }

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newStream(r io.Reader) (*stream, error) {
	cnt := &countReader{r: r}
	s := &stream{cnt: cnt, raw: bufio.NewReaderSize(cnt, 64<<10)}
	magic, err := s.raw.Peek(2)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading warc magic: %w", err)
	}
	s.gzipped = len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	return s, nil
}

// rawPos is the file offset of the next compressed byte not yet consumed.
func (s *stream) rawPos() int64 { return s.cnt.n - int64(s.raw.Buffered()) }

func (s *stream) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if !s.gzipped {
		n, err := s.raw.Read(p)
		s.out += int64(n)
		if err != nil {
			s.err = err
		}
		return n, err
	}
	for {
		if !s.inMember {
			if err := s.nextMember(); err != nil {
				s.err = err
				return 0, err
			}
		}
		n, err := s.gz.Read(p)
		s.out += int64(n)
		if err == io.EOF {
			s.inMember = false
			if n > 0 {
				return n, nil
			}
			continue
		}
		if err != nil {
			s.err = s.memberError(err)
			return n, s.err
		}
		return n, nil
	}
}

// nextMember opens the gzip member at the current file position, or
// returns io.EOF at a clean end of file.
func (s *stream) nextMember() error {
	if _, err := s.raw.Peek(1); err != nil {
		if err == io.EOF {
			return io.EOF
		}
		return &streamError{offset: s.rawPos(), err: fmt.Errorf("reading gzip member: %w", err)}
	}
	off := s.rawPos()
	var err error
	if s.gz == nil {
		s.gz, err = gzip.NewReader(s.raw)
	} else {
		err = s.gz.Reset(s.raw)
	}
	if err != nil {
		what := "bad gzip member header"
		if s.members > 0 && errors.Is(err, gzip.ErrHeader) {
			what = "trailing garbage after last gzip member"
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return &streamError{offset: off, err: fmt.Errorf("%w: %s: %w", ErrTruncated, "gzip member header cut short", err)}
		}
		return &streamError{offset: off, err: fmt.Errorf("%w: %s: %w", ErrCorrupt, what, err)}
	}
	// One member at a time, so that member boundaries are visible.
	s.gz.Multistream(false)
	s.inMember = true
	s.members++
	s.marks = append(s.marks, mark{dec: s.out, comp: off})
	return nil
}

func (s *stream) memberError(err error) error {
	off := int64(0)
	if len(s.marks) > 0 {
		off = s.marks[len(s.marks)-1].comp
	}
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &streamError{offset: off, err: fmt.Errorf("%w: gzip member cut short: %w", ErrTruncated, err)}
	case errors.As(err, &ce), errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return &streamError{offset: off, err: fmt.Errorf("%w: bad gzip data: %w", ErrCorrupt, err)}
	}
	return &streamError{offset: off, err: fmt.Errorf("reading gzip member: %w", err)}
}

// offsetAt maps a decompressed position to a file offset: itself for plain
// files, the start of the gzip member holding it otherwise. Positions only
// grow, so marks before the one found are dropped.
func (s *stream) offsetAt(pos int64) int64 {
	if !s.gzipped {
		return pos
	}
	best := -1
	for i, m := range s.marks {
		if m.dec > pos {
			break
		}
		best = i
	}
	if best < 0 {
		return 0
	}
	off := s.marks[best].comp
	s.marks = s.marks[best:]
	return off
}
