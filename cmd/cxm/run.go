package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"cxm/internal/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `cxm — customer experience management

Usage:
  cxm serve                     run the HTTP server and background workers
  cxm migrate                   apply database migrations
  cxm version                   print the version
  cxm workspace create NAME [--template lifecycle|phases|discovery]
  cxm workspace list
  cxm demo [--workspace-name N] [--customers N] [--events M] [--feedback F] [--seed S]
  cxm user create --workspace ID --email E --role R [--name N]
  cxm user reset-password --email E
  cxm apikey create --workspace ID --kind write|secret [--name N]
  cxm apikey list --workspace ID
  cxm apikey revoke --workspace ID KEY_ID
  cxm analytics rebuild [--workspace ID]
  cxm bench ingest [--mode batch|single|both] [--events N] [--clients C]
  cxm text analyze|train|eval    read texts: sentiment, aspects, language, personal data

Every command takes --database-url (CXM_DATABASE_URL) and --data-dir
(CXM_DATA_DIR); 'cxm COMMAND --help' tells more.
`

// run is the whole program, with its surroundings passed in so that tests
// can run it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	env := environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	err := dispatch(ctx, env, args[0], args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func dispatch(ctx context.Context, env environment, cmd string, rest []string) error {
	stdout, stderr := env.stdout, env.stderr
	switch cmd {
	case "serve":
		return serve(ctx, env, rest)
	case "migrate":
		return migrate(ctx, env, rest)
	case "version", "--version":
		fmt.Fprintln(stdout, "cxm", version)
		return nil
	case "workspace":
		return workspaceCommand(ctx, env, rest)
	case "user":
		return userCommand(ctx, env, rest)
	case "apikey":
		return apikeyCommand(ctx, env, rest)
	case "import":
		return importCommand(ctx, env, rest)
	case "demo":
		return demoCommand(ctx, env, rest)
	case "export":
		return exportCommand(ctx, env, rest)
	case "analytics":
		return analyticsCommand(ctx, env, rest)
	case "bench":
		return benchCommand(ctx, env, rest)
	case "text":
		return textCommand(ctx, env, rest)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// environment is what a command may touch of the outside world.
type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// dbFlags are the flags every command that opens the database takes.
type dbFlags struct {
	databaseURL string
	dataDir     string
}

func (d *dbFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&d.databaseURL, "database-url", getenv("CXM_DATABASE_URL"),
		"PostgreSQL URL (postgres://…) or sqlite:PATH; empty for SQLite in the data directory (env CXM_DATABASE_URL)")
	fs.StringVar(&d.dataDir, "data-dir", orDefault(getenv("CXM_DATA_DIR"), "./cxm-data"),
		"directory for the SQLite database and other files (env CXM_DATA_DIR)")
}

// open opens the store and brings its schema up to date.
func (d *dbFlags) open(ctx context.Context) (*store.Store, error) {
	st, err := store.Open(ctx, d.databaseURL, d.dataDir)
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// newFlagSet makes a flag set that writes its help to stderr.
func newFlagSet(name, synopsis string, env environment) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may stand before or after the positional
// arguments, as in "cxm workspace create NAME --template phases", and
// returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// required checks that flags were given.
func required(flags map[string]string) error {
	var missing []string
	for name, v := range flags {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func migrate(ctx context.Context, env environment, args []string) error {
	var db dbFlags
	fs := newFlagSet("migrate", "cxm migrate", env)
	db.register(fs, env.getenv)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := store.Open(ctx, db.databaseURL, db.dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	current, _, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "applied %d migrations; the schema is at version %d\n", n, current)
	return nil
}
