package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"cxm/internal/feedback"
	"cxm/internal/text"
)

const textUsage = `usage:
  cxm text analyze [--model FILE | --workspace ID]
                                      one text a line on stdin → one JSON object a line on stdout;
                                      --workspace reads with that workspace's retrained model and aspects
  cxm text train [--out FILE]         rebuild the sentiment model from the data in the repository
  cxm text eval [--tuning]            the quality figures of docs/text.md`

// maxTextLine bounds one line of `cxm text analyze`.
const maxTextLine = 64 << 10

// textCommand reads texts: sentiment, aspects, language, personal data.
func textCommand(ctx context.Context, env environment, args []string) error {
	if len(args) == 0 {
		return errors.New(textUsage)
	}
	switch args[0] {
	case "analyze":
		return textAnalyze(ctx, env, args[1:])
	case "train":
		return textTrain(env, args[1:])
	case "eval":
		return textEval(env, args[1:])
	}
	return errors.New(textUsage)
}

func textAnalyze(ctx context.Context, env environment, args []string) error {
	fs := newFlagSet("text analyze", "cxm text analyze [--model FILE | --workspace ID] < texts", env)
	modelFile := fs.String("model", "", "a model file `cxm text train` wrote (default: the one built in)")
	wsID := fs.String("workspace", "", "read as this workspace's analysis does: its model retrained on its corrections, its aspects")
	var db dbFlags
	db.register(fs, env.getenv)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var a *text.Analyzer
	var err error
	switch {
	case *wsID != "" && *modelFile != "":
		return errors.New("--model and --workspace: choose one")
	case *wsID != "":
		a, err = workspaceAnalyzer(ctx, env, db, *wsID)
	default:
		a, err = loadAnalyzer(*modelFile)
	}
	if err != nil {
		return err
	}
	in := bufio.NewReaderSize(env.stdin, 64<<10)
	out := bufio.NewWriter(env.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(in)
		if errors.Is(err, errLineTooLong) {
			return fmt.Errorf("line %d: longer than %d bytes", n, maxTextLine)
		}
		if err != nil {
			return err
		}
		if line == nil {
			return nil
		}
		s := strings.ToValidUTF8(strings.ReplaceAll(string(line), "\x00", ""), "\uFFFD")
		if err := enc.Encode(a.Analyze(s)); err != nil {
			return err
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its end, nil at the end of the input.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxTextLine+2 {
			return nil, errLineTooLong
		}
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err.Error() == "EOF":
			if len(line) == 0 {
				return nil, nil
			}
			return bytes.TrimRight(line, "\r\n"), nil
		default:
			return nil, err
		}
	}
}

// workspaceAnalyzer is the analyser the text worker reads a workspace's
// texts with.
func workspaceAnalyzer(ctx context.Context, env environment, db dbFlags, wsID string) (*text.Analyzer, error) {
	st, err := db.open(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if _, err := st.Workspace(ctx, wsID); err != nil {
		return nil, fmt.Errorf("--workspace %s: %w", wsID, err)
	}
	base, err := text.New()
	if err != nil {
		return nil, err
	}
	return feedback.NewTextReaders(st, base, slog.New(slog.NewTextHandler(env.stderr, nil))).For(ctx, wsID)
}

func loadAnalyzer(file string) (*text.Analyzer, error) {
	if file == "" {
		return text.New()
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := text.ReadModel(bufio.NewReader(f))
	if err != nil {
		return nil, err
	}
	return text.NewWithModel(m, nil)
}

func textTrain(env environment, args []string) error {
	fs := newFlagSet("text train", "cxm text train [--out FILE]", env)
	outFile := fs.String("out", "internal/text/model/sentiment.bin", "where to write the model")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	start := time.Now()
	m, err := text.TrainShipped()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return err
	}
	if err := os.WriteFile(*outFile, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "model %s: %d bytes written to %s in %s\n", m.Version, b.Len(), *outFile,
		time.Since(start).Round(time.Millisecond))
	return nil
}

func textEval(env environment, args []string) error {
	fs := newFlagSet("text eval", "cxm text eval [--tuning] [--folds K]", env)
	tuning := fs.Bool("tuning", false, "cross-validate on the training lines of the cross-domain set only (what options are chosen on)")
	folds := fs.Int("folds", 10, "folds of the bank cross-validation")
	bankOnly := fs.Bool("bank", false, "only the bank cross-validation")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *tuning {
		f, err := text.TuningCrossValidation(5, text.DefaultTrainOptions)
		if err != nil {
			return err
		}
		printFigures(env, "tuning (5-fold CV on the cross-domain training lines)", f)
		return nil
	}
	ok, n, err := text.BankCrossValidation(*folds, 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "UTS2017_Bank %d-fold CV polarity accuracy: %.4f (%d of %d)\n", *folds, float64(ok)/float64(n), ok, n)
	if *bankOnly {
		return nil
	}
	a, err := text.New()
	if err != nil {
		return err
	}
	set, err := text.LabelledSet()
	if err != nil {
		return err
	}
	f := text.EvaluateHeldOut(a, set)
	printFigures(env, "held-out cross-domain third, model "+a.ModelVersion(), f)
	fmt.Fprintf(env.stdout, "same sentiment without diacritics: %.4f (%d of %d Vietnamese texts with marks)\n",
		float64(f.WithoutMarksSame)/float64(f.WithMarks), f.WithoutMarksSame, f.WithMarks)
	return nil
}

func printFigures(env environment, title string, f text.HeldOutFigures) {
	w := env.stdout
	fmt.Fprintf(w, "%s: %d texts\n", title, f.Texts)
	fmt.Fprintf(w, "  sentiment accuracy %.4f, macro-F1 %.4f (negative %.4f, neutral %.4f, positive %.4f)\n",
		f.Accuracy, f.MacroF1, f.ClassF1[text.Negative], f.ClassF1[text.Neutral], f.ClassF1[text.Positive])
	fmt.Fprintf(w, "  accuracy by language: vi %.4f, en %.4f\n", f.ByLanguage[text.LangVi], f.ByLanguage[text.LangEn])
	fmt.Fprintf(w, "  aspect F1 %.4f; aspect with its sentiment F1 %.4f\n", f.AspectF1, f.AspectWithPolar)
	fmt.Fprintf(w, "  mixed flagged on %d of %d texts labelled with opposed aspects\n", f.MixedFound, f.MixedLabelled)
}
