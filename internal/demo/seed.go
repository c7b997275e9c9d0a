package demo

import (
	"context"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Demo workspace and owner.
const (
	WorkspaceName = "Cà phê Demo"
	OwnerEmail    = "demo@cxm.local"
	DefaultSeed   = 2026
)

// Login is how to sign in to a demo just made. The password is a one-time
// password: it must be changed at the first sign-in.
type Login struct {
	WorkspaceID string
	Email       string
	Password    string
}

// Seed makes the demo café of DefaultSize on an empty database, with its
// owner, and a year of history ending at now. It does nothing and returns
// false when the database has a workspace already, so that a demo never
// mixes with real data.
func Seed(ctx context.Context, st *store.Store, p *ingest.Pipeline, now time.Time) (Login, bool, error) {
	existing, err := st.Workspaces(ctx)
	if err != nil || len(existing) > 0 {
		return Login{}, false, err
	}
	ws, _, err := Create(ctx, st, p, WorkspaceName, Options{Size: DefaultSize, Seed: DefaultSeed, End: now})
	if err != nil {
		return Login{}, false, err
	}
	owner, err := account.New(st, time.Now).AddUser(ctx, account.Operator(ws.ID),
		account.NewUser{Email: OwnerEmail, Name: "Chủ quán Demo", Language: cx.LangVi, Role: cx.RoleOwner})
	if err != nil {
		return Login{}, false, err
	}
	return Login{WorkspaceID: ws.ID, Email: OwnerEmail, Password: owner.OneTimePassword}, true, nil
}

// Create makes a new workspace named name and fills it with the café at
// o's size: the same seed and end make the same café. It returns the
// workspace as soon as it has failed or finished.
func Create(ctx context.Context, st *store.Store, p *ingest.Pipeline, name string, o Options) (cx.Workspace, Counts, error) {
	if err := o.Validate(); err != nil {
		return cx.Workspace{}, Counts{}, err
	}
	if o.End.IsZero() {
		o.End = time.Now().Truncate(time.Hour)
	}
	ws, err := st.CreateWorkspace(ctx, cx.Workspace{Name: name, Language: cx.LangVi, Timezone: "Asia/Ho_Chi_Minh", Currency: "VND"}, cx.TemplateLifecycle)
	if err != nil {
		return cx.Workspace{}, Counts{}, err
	}
	c, err := setUp(ctx, st, ws.ID)
	if err != nil {
		return ws, Counts{}, err
	}
	fb := feedback.New(st, p, "", time.Now)
	counts, err := fill(ctx, st, p, fb, ws.ID, c, o)
	return ws, counts, err
}
