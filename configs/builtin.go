package configs

import (
	_ "embed"
)

//go:embed tieline.yaml
var builtin []byte

// BuiltinYAML is the default configuration file, configs/tieline.yaml, as
// compiled into the binary.
func BuiltinYAML() []byte { return builtin }

// Builtin returns the default configuration, so that `tieline run` works
// from any directory without a config file.
func Builtin() (*Config, error) {
	return Parse("configs/tieline.yaml (built in)", builtin)
}
