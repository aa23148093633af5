package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/tieline/tieline/pipeline/natsbus"
)

// cmdDead lists dead-lettered messages with their errors.
func cmdDead(ctx context.Context, args []string, env *Env) error {
	fs := newFlags(env, "dead", "dead [--config FILE] [--data DIR] [--nats URL] [--limit N]")
	var c common
	c.register(fs)
	limit := fs.Int("limit", 100, "list at most this many")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	bus, err := natsbus.Open(ctx, natsbus.Config{
		URL: cfg.NATS.URL, Prefix: cfg.NATS.Prefix, Replicas: cfg.NATS.Replicas,
		Embedded: natsbus.EmbeddedOptions{StoreDir: filepath.Join(cfg.Data, "nats")},
	})
	if err != nil {
		return err
	}
	defer bus.Close()
	dls, err := bus.DeadLetters(ctx, *limit)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.Stdout)
	for _, d := range dls {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	if len(dls) == 0 {
		fmt.Fprintln(env.Stderr, "no dead letters")
	}
	return nil
}
