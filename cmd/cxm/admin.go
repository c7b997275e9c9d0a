package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// subcommand splits "workspace create …" into its verb and the rest.
func subcommand(group string, args []string, verbs string) (string, []string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", nil, fmt.Errorf("usage: cxm %s %s", group, verbs)
	}
	return args[0], args[1:], nil
}

func workspaceCommand(ctx context.Context, env environment, args []string) error {
	verb, args, err := subcommand("workspace", args, "create|list")
	if err != nil {
		return err
	}
	var db dbFlags
	switch verb {
	case "create":
		fs := newFlagSet("workspace create", "cxm workspace create NAME [--template lifecycle|phases|discovery] [--language vi|en] [--timezone TZ]", env)
		db.register(fs, env.getenv)
		template := fs.String("template", cx.TemplateLifecycle, "journey template: lifecycle, phases or discovery")
		language := fs.String("language", cx.LangVi, "default language: vi or en")
		timezone := fs.String("timezone", "Asia/Ho_Chi_Minh", "time zone (IANA name)")
		names, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(names) != 1 {
			return fmt.Errorf("usage: cxm workspace create NAME [--template lifecycle|phases|discovery] (quote a name with spaces)")
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		w, err := st.CreateWorkspace(ctx, cx.Workspace{Name: names[0], Language: *language, Timezone: *timezone}, *template)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, w.ID)
		return nil
	case "list":
		fs := newFlagSet("workspace list", "cxm workspace list", env)
		db.register(fs, env.getenv)
		if _, err := parse(fs, args); err != nil {
			return err
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		ws, err := st.Workspaces(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tLANGUAGE\tTIMEZONE")
		for _, w := range ws {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", w.ID, w.Name, w.Language, w.Timezone)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown command: cxm workspace %s", verb)
}

func userCommand(ctx context.Context, env environment, args []string) error {
	verb, args, err := subcommand("user", args, "create|reset-password")
	if err != nil {
		return err
	}
	var db dbFlags
	switch verb {
	case "create":
		fs := newFlagSet("user create", "cxm user create --workspace ID --email E --role owner|admin|analyst|agent|viewer [--name N]\n\nAdds the user at once, with no invitation: the operator at the command line\nholds the database already. (In the dashboard and the API, adding a user is\nan invitation the person accepts.) The password is read from standard input\nwhen it is not a terminal; otherwise a one-time password is printed, to be\nchanged at first sign-in. An existing account keeps its password.", env)
		db.register(fs, env.getenv)
		wsID := fs.String("workspace", "", "workspace id")
		email := fs.String("email", "", "email address")
		role := fs.String("role", "", "role: owner, admin, analyst, agent or viewer")
		name := fs.String("name", "", "full name")
		if _, err := parse(fs, args); err != nil {
			return err
		}
		if err := required(map[string]string{"workspace": *wsID, "email": *email, "role": *role}); err != nil {
			return err
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		password, err := readPassword(env.stdin)
		if err != nil {
			return err
		}
		added, err := account.New(st, time.Now).AddUser(ctx, account.Operator(*wsID),
			account.NewUser{Email: *email, Name: *name, Role: cx.Role(*role), Password: password})
		if err != nil {
			return err
		}
		switch {
		case !added.Created:
			fmt.Fprintf(env.stderr, "%s already had an account; it is now %s in this workspace, with its old password\n", added.Email, added.Role)
		case added.OneTimePassword != "":
			fmt.Fprintln(env.stdout, added.OneTimePassword)
			fmt.Fprintf(env.stderr, "user %s created; the password above works once and must be changed at first sign-in\n", added.Email)
		default:
			fmt.Fprintf(env.stderr, "user %s created\n", added.Email)
		}
		return nil
	case "reset-password":
		fs := newFlagSet("user reset-password", "cxm user reset-password --email E\n\nReads the new password from standard input when it is not a terminal;\notherwise prints a one-time password. Signs the user out everywhere.", env)
		db.register(fs, env.getenv)
		email := fs.String("email", "", "email address")
		if _, err := parse(fs, args); err != nil {
			return err
		}
		if err := required(map[string]string{"email": *email}); err != nil {
			return err
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		password, err := readPassword(env.stdin)
		if err != nil {
			return err
		}
		u, oneTime, err := account.New(st, time.Now).ResetPassword(ctx, *email, password)
		if err != nil {
			return err
		}
		if oneTime != "" {
			fmt.Fprintln(env.stdout, oneTime)
		}
		fmt.Fprintf(env.stderr, "password of %s reset; all their sessions ended\n", u.Email)
		return nil
	}
	return fmt.Errorf("unknown command: cxm user %s", verb)
}

// readPassword takes a password from standard input when it is a pipe or a
// file, else returns "": account then makes a one-time one.
func readPassword(stdin io.Reader) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			return "", nil
		}
	}
	if stdin == nil {
		return "", nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 1024)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func apikeyCommand(ctx context.Context, env environment, args []string) error {
	verb, args, err := subcommand("apikey", args, "create|list|revoke")
	if err != nil {
		return err
	}
	var db dbFlags
	fs := newFlagSet("apikey "+verb, "cxm apikey "+verb+" --workspace ID", env)
	db.register(fs, env.getenv)
	wsID := fs.String("workspace", "", "workspace id")
	kind := fs.String("kind", "", "create: write (public, ingestion only) or secret (the /api/v1 API)")
	name := fs.String("name", "", "create: a name to recognise the key by")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := required(map[string]string{"workspace": *wsID}); err != nil {
		return err
	}
	open := func() (*store.Store, error) {
		st, err := db.open(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := st.Workspace(ctx, *wsID); err != nil {
			st.Close()
			return nil, err
		}
		return st, nil
	}
	switch verb {
	case "create":
		if *kind != cx.KeyWrite && *kind != cx.KeySecret {
			return fmt.Errorf("--kind must be write or secret")
		}
		st, err := open()
		if err != nil {
			return err
		}
		defer st.Close()
		k, err := account.New(st, time.Now).CreateAPIKey(ctx, account.Operator(*wsID), account.NewKey{Kind: *kind, Name: *name})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, k.Key)
		fmt.Fprintf(env.stderr, "%s key %s created; it is shown only this once\n", k.Kind, k.ID)
		return nil
	case "list":
		st, err := open()
		if err != nil {
			return err
		}
		defer st.Close()
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tPREFIX\tNAME\tCREATED\tREVOKED")
		page := store.Page{Limit: store.MaxLimit}
		for {
			l, err := st.APIKeys(ctx, *wsID, page)
			if err != nil {
				return err
			}
			for _, k := range l.Items {
				revoked := "-"
				if k.RevokedAt != nil {
					revoked = k.RevokedAt.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s…\t%s\t%s\t%s\n", k.ID, k.Kind, k.Prefix, k.Name, k.CreatedAt.Format("2006-01-02 15:04"), revoked)
			}
			if l.Next == "" {
				return tw.Flush()
			}
			page.After = l.Next
		}
	case "revoke":
		if len(rest) != 1 {
			return fmt.Errorf("usage: cxm apikey revoke --workspace ID KEY_ID")
		}
		st, err := open()
		if err != nil {
			return err
		}
		defer st.Close()
		k, err := account.New(st, time.Now).RevokeAPIKey(ctx, account.Operator(*wsID), rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "key %s revoked\n", k.ID)
		return nil
	}
	return fmt.Errorf("unknown command: cxm apikey %s", verb)
}
