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
	seed          = 2026
	ingestBatch   = 1000
)

// Login is how to sign in to a demo just made. The password is a one-time
// password: it must be changed at the first sign-in.
type Login struct {
	WorkspaceID string
	Email       string
	Password    string
}

// Seed makes the demo café on an empty database: the workspace, its owner
// and Customers customers' last Days days, sent through the pipeline. It
// does nothing and returns false when the database has a workspace
// already, so that a demo never mixes with real data.
func Seed(ctx context.Context, st *store.Store, p *ingest.Pipeline, now time.Time) (Login, bool, error) {
	existing, err := st.Workspaces(ctx)
	if err != nil || len(existing) > 0 {
		return Login{}, false, err
	}
	ws, err := st.CreateWorkspace(ctx, cx.Workspace{Name: WorkspaceName, Language: cx.LangVi, Timezone: "Asia/Ho_Chi_Minh", Currency: "VND"}, cx.TemplateLifecycle)
	if err != nil {
		return Login{}, false, err
	}
	owner, err := account.New(st, time.Now).AddUser(ctx, account.Operator(ws.ID),
		account.NewUser{Email: OwnerEmail, Name: "Chủ quán Demo", Language: cx.LangVi, Role: cx.RoleOwner})
	if err != nil {
		return Login{}, false, err
	}
	login := Login{WorkspaceID: ws.ID, Email: OwnerEmail, Password: owner.OneTimePassword}
	events := Events(seed, Customers, now)
	for len(events) > 0 {
		n := min(ingestBatch, len(events))
		if _, err := p.Ingest(ctx, ws.ID, events[:n]); err != nil {
			return Login{}, false, err
		}
		events = events[n:]
	}
	if err := seedFeedback(ctx, st, feedback.New(st, p, "", time.Now), ws.ID, now); err != nil {
		return Login{}, false, err
	}
	return login, true, nil
}
