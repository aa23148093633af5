package natsbus

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// EmbeddedOptions configure the in-process NATS server of `tieline run`.
type EmbeddedOptions struct {
	// StoreDir holds JetStream's file store (DATA/nats).
	StoreDir string
	// Listen is an optional "host:port" to also accept TCP clients on
	// (port 0 or -1 picks a free port). Empty: in-process connections only,
	// so no port is ever fixed or taken.
	Listen string
	// MaxPayload caps one message; pages are compressed, and larger bodies
	// go to the object store, so the default (8 MiB) is rarely reached.
	MaxPayload int32
}

// StartEmbedded starts a JetStream-enabled NATS server inside this process
// and waits until it accepts connections.
func StartEmbedded(o EmbeddedOptions) (*server.Server, error) {
	if o.StoreDir == "" {
		return nil, fmt.Errorf("starting embedded nats: no store dir")
	}
	if err := os.MkdirAll(o.StoreDir, 0o755); err != nil {
		return nil, fmt.Errorf("starting embedded nats: %w", err)
	}
	abs, err := filepath.Abs(o.StoreDir)
	if err != nil {
		return nil, fmt.Errorf("starting embedded nats: %w", err)
	}
	opts := &server.Options{
		ServerName: "tieline-embedded",
		JetStream:  true,
		StoreDir:   abs,
		NoSigs:     true, // the binary handles signals itself
		NoLog:      true,
		MaxPayload: o.MaxPayload,
		DontListen: o.Listen == "",
	}
	if opts.MaxPayload == 0 {
		opts.MaxPayload = 8 << 20
	}
	if o.Listen != "" {
		host, port, err := splitHostPort(o.Listen)
		if err != nil {
			return nil, fmt.Errorf("starting embedded nats: listen %q: %w", o.Listen, err)
		}
		opts.Host, opts.Port = host, port
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("starting embedded nats: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("starting embedded nats: not ready after 30s (is %s used by another tieline?)", abs)
	}
	return srv, nil
}

func splitHostPort(hp string) (string, int, error) {
	var host string
	var port int
	i := len(hp) - 1
	for i >= 0 && hp[i] != ':' {
		i--
	}
	if i < 0 {
		return "", 0, fmt.Errorf("want host:port")
	}
	host = hp[:i]
	if _, err := fmt.Sscanf(hp[i+1:], "%d", &port); err != nil {
		return "", 0, fmt.Errorf("bad port: %w", err)
	}
	if port == 0 {
		port = -1 // nats-server's "pick a free port"
	}
	return host, port, nil
}
