// Command tieline crawls news agencies, extracts and tags their articles
// over NATS JetStream, indexes them in bleve and serves search.
//
//	tieline run              everything in one process (embedded NATS)
//	tieline extract FILE...  offline extraction to JSON lines
//	tieline import PATH...   push local files through the pipeline
//	tieline crawl            one crawl run of a source, for cron jobs
//	tieline config check F   validate a config file
//	tieline dead             list dead-lettered messages
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// Env is what a command reads and writes, so that tests run commands in
// process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Listening, when set, receives the HTTP server's address once it
	// accepts connections (tests start `run` on ":0").
	Listening func(addr string)
}

const usage = `tieline — news ingestion and entity extraction for interregional ties.

Usage:
  tieline run     [--config FILE] [--data DIR] [--http ADDR] [--nats URL] [--roles LIST]
  tieline extract [--format jsonl] FILE...
  tieline import  [--config FILE] [--data DIR] [--nats URL] PATH...
  tieline crawl   [--config FILE] [--data DIR] [--nats URL] (--source NAME | --start-url URL) [--once]
  tieline config check FILE
  tieline dead    [--config FILE] [--data DIR] [--nats URL] [--limit N]
  tieline version

Run "tieline COMMAND --help" for a command's flags.
`

// exitUsage is the exit code for bad command lines.
const exitUsage = 2

// Main runs one command line and returns the process exit code.
func Main(ctx context.Context, args []string, env *Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return exitUsage
	}
	cmds := map[string]func(context.Context, []string, *Env) error{
		"run":     cmdRun,
		"extract": cmdExtract,
		"import":  cmdImport,
		"crawl":   cmdCrawl,
		"config":  cmdConfig,
		"dead":    cmdDead,
		"version": func(_ context.Context, _ []string, env *Env) error {
			fmt.Fprintln(env.Stdout, "tieline", version())
			return nil
		},
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(env.Stdout, usage)
		return 0
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "tieline: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	err := cmd(ctx, args[1:], env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(env.Stderr, "tieline %s: %v\n", name, err)
		return exitUsage
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(env.Stderr, "tieline %s: %v\n", name, err)
		return 1
	}
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errReported means the command already printed what went wrong.
var errReported = errors.New("reported")

// newFlags returns a flag set that prints its usage to env.Stderr.
func newFlags(env *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: tieline %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors; --help
// prints usage to stdout and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, env *Env) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(env.Stdout)
			fs.Usage()
			return flag.ErrHelp
		}
	}
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	return nil
}
