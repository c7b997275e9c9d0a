package store

import (
	"context"

	"cxm/internal/cx"
)

// CreateWorkspace stores a new workspace and seeds it, in one transaction,
// with a journey from template, the 18 default touchpoints of seed 003 and
// the default mapping and stage rules, and the default case rules, SLA and
// holidays.
func (s *Store) CreateWorkspace(ctx context.Context, w cx.Workspace, template string) (cx.Workspace, error) {
	if err := w.Validate(); err != nil {
		return cx.Workspace{}, err
	}
	if template == "" {
		template = cx.TemplateLifecycle
	}
	j, err := cx.NewJourney(template)
	if err != nil {
		return cx.Workspace{}, err
	}
	w.ID = s.ids.New("ws")
	w.CreatedAt = now()
	err = s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO workspaces (workspace_id, name, timezone, language, currency, model_updated_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, w.ID, w.Name, w.Timezone, w.Language, w.Currency, ms(w.CreatedAt), ms(w.CreatedAt))
		if err != nil {
			return err
		}
		if err := s.insertJourney(ctx, c, w.ID, &j); err != nil {
			return err
		}
		for _, t := range cx.NewDefaultTouchpoints(j) {
			if err := s.insertTouchpoint(ctx, c, w.ID, &t); err != nil {
				return err
			}
		}
		if err := s.seedRules(ctx, c, w.ID); err != nil {
			return err
		}
		return s.seedCases(ctx, c, w.ID, w.CreatedAt)
	})
	return w, err
}

const workspaceColumns = `workspace_id, name, timezone, language, currency, created_at`

func scanWorkspace(row scanner) (cx.Workspace, error) {
	var w cx.Workspace
	var created int64
	err := row.Scan(&w.ID, &w.Name, &w.Timezone, &w.Language, &w.Currency, &created)
	w.CreatedAt = fromMS(created)
	return w, err
}

// Workspace returns one workspace.
func (s *Store) Workspace(ctx context.Context, id string) (cx.Workspace, error) {
	w, err := scanWorkspace(s.reader().queryRow(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE workspace_id = ?`, id))
	return w, notFound(err, "workspace")
}

// Workspaces returns every workspace on the server, oldest first.
func (s *Store) Workspaces(ctx context.Context) ([]cx.Workspace, error) {
	return collect(ctx, s.reader(), scanWorkspace, `SELECT `+workspaceColumns+` FROM workspaces ORDER BY workspace_id`)
}

// UpdateWorkspace changes a workspace's name and settings.
func (s *Store) UpdateWorkspace(ctx context.Context, w cx.Workspace) (cx.Workspace, error) {
	if err := w.Validate(); err != nil {
		return cx.Workspace{}, err
	}
	res, err := s.writer().exec(ctx, `UPDATE workspaces SET name = ?, timezone = ?, language = ?, currency = ? WHERE workspace_id = ?`,
		w.Name, w.Timezone, w.Language, w.Currency, w.ID)
	if err := mustAffect(res, err, "workspace"); err != nil {
		return cx.Workspace{}, err
	}
	return s.Workspace(ctx, w.ID)
}
