package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// mapFlags collects repeated --map column=field flags.
type mapFlags []string

func (m *mapFlags) String() string     { return strings.Join(*m, ", ") }
func (m *mapFlags) Set(v string) error { *m = append(*m, v); return nil }

// importCommand imports customers or orders from a CSV file through the
// ingestion pipeline, and prints a report of what went in and which lines
// were refused.
func importCommand(ctx context.Context, env environment, args []string) error {
	var db dbFlags
	var maps mapFlags
	fs := newFlagSet("import", "cxm import customers|orders FILE --workspace ID [--map COLUMN=FIELD …] [--json]\n"+
		"cxm import responses FILE --workspace ID --survey ID [--date-order dmy|mdy] [--json]\n\n"+
		"FILE is a CSV file with a header row (comma, semicolon or tab separated; UTF-8, or UTF-16 with a byte-order mark);\n"+
		"a FILE of - reads standard input.\n"+
		"Vietnamese and English headers are recognised; --map names the field of any other column\n"+
		"(a field, trait:NAME, or ignore).\n"+
		"A file of responses (a Google Forms export) has a timestamp column and one column a question of the survey,\n"+
		"by key or title; see docs/feedback.md.", env)
	db.register(fs, env.getenv)
	wsID := fs.String("workspace", env.getenv("CXM_WORKSPACE"), "workspace id (env CXM_WORKSPACE)")
	fs.Var(&maps, "map", "COLUMN=FIELD: what a column holds; repeat for several columns")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	var responses feedback.ResponseFile
	fs.StringVar(&responses.SurveyID, "survey", "", "responses: the survey they answer")
	fs.StringVar(&responses.DateOrder, "date-order", feedback.DayFirst, "responses: how dates with slashes read: dmy (30/11/2026) or mdy (11/30/2026)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != csvio.Customers && pos[0] != csvio.Orders && pos[0] != feedback.Responses) {
		fs.Usage()
		return fmt.Errorf("want: cxm import customers|orders|responses FILE")
	}
	if pos[0] == feedback.Responses && responses.SurveyID == "" {
		return fmt.Errorf("missing --survey")
	}
	if err := required(map[string]string{"workspace": *wsID}); err != nil {
		return err
	}
	overrides, err := csvio.ParseMap(maps)
	if err != nil {
		return err
	}
	in, closeIn, err := openInput(pos[1], env.stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Workspace(ctx, *wsID); err != nil {
		return err
	}
	rep, err := importFile(ctx, st, env.stderr, in, *wsID, pos[0], overrides, responses)
	printReport(env.stdout, rep, *asJSON)
	return err
}

// importFile runs one import through a pipeline of its own.
func importFile(ctx context.Context, st *store.Store, logTo io.Writer, in io.Reader, wsID, kind string, overrides map[string]string, responses feedback.ResponseFile) (csvio.Report, error) {
	p := ingest.New(st, slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: slog.LevelWarn})))
	p.Start(ctx)
	defer p.Close()
	if kind == feedback.Responses {
		return feedback.New(st, p, "", time.Now).ImportResponsesCSV(ctx, wsID, in, responses)
	}
	return csvio.Import(ctx, in, wsID, kind, csvio.Options{Map: overrides}, csvio.Into(p))
}

func openInput(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// printReport writes what an import did, then each refused line.
func printReport(w io.Writer, rep csvio.Report, asJSON bool) {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return
	}
	fmt.Fprintf(w, "%d rows read; %d %s accepted: %d new, %d already imported; %d rows refused\n",
		rep.Rows, rep.Accepted, rep.Kind, rep.Added, rep.Duplicates, rep.BadRows)
	for _, b := range rep.Bad {
		field := ""
		if b.Field != "" {
			field = " (" + b.Field + ")"
		}
		fmt.Fprintf(w, "line %d%s: %s\n", b.Line, field, b.Reason)
	}
	if rep.BadRows > len(rep.Bad) {
		fmt.Fprintf(w, "… and %d more refused rows\n", rep.BadRows-len(rep.Bad))
	}
	if rep.NotRead > 0 {
		fmt.Fprintf(w, "%d lines after a quote that is never closed were not read: close the quote and import the file again\n", rep.NotRead)
	}
}

// exportCommand writes a workspace's customers or orders as CSV.
func exportCommand(ctx context.Context, env environment, args []string) error {
	var db dbFlags
	fs := newFlagSet("export", "cxm export customers|orders --workspace ID [--out FILE] [--headers en]\n\n"+
		"Writes CSV with a header row (Vietnamese, or English with --headers en) to standard output, or to FILE. Orders have one row per item.", env)
	db.register(fs, env.getenv)
	wsID := fs.String("workspace", env.getenv("CXM_WORKSPACE"), "workspace id (env CXM_WORKSPACE)")
	out := fs.String("out", "", "file to write; standard output when empty")
	headers := fs.String("headers", "vi", "language of the header row: vi or en")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != csvio.Customers && pos[0] != csvio.Orders) {
		fs.Usage()
		return fmt.Errorf("want: cxm export customers|orders")
	}
	if err := required(map[string]string{"workspace": *wsID}); err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Workspace(ctx, *wsID); err != nil {
		return err
	}
	return writeExport(ctx, st, env, *wsID, pos[0], *out, *headers)
}

func writeExport(ctx context.Context, st *store.Store, env environment, wsID, kind, out, headers string) error {
	w := env.stdout
	var f *os.File
	if out != "" {
		var err error
		if f, err = os.Create(out); err != nil {
			return err
		}
		w = f
	}
	export := csvio.ExportCustomers
	if kind == csvio.Orders {
		export = csvio.ExportOrders
	}
	n, err := export(ctx, st, wsID, w, headers)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			fmt.Fprintf(env.stderr, "%d %s written to %s\n", n, kind, out)
		}
	}
	return err
}
