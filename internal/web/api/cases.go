package api

import (
	"net/http"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/cases"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

// Cases serves /api/v1/cases, /api/v1/case-rules and the case settings.
type Cases struct {
	store *store.Store
	cases *cases.Service
	now   func() time.Time
}

// NewCases returns the case handlers.
func NewCases(st *store.Store, cs *cases.Service, now func() time.Time) *Cases {
	return &Cases{store: st, cases: cs, now: now}
}

// caseFilter reads the filters of a case list: customer_id, status (one
// status or "open"), owner (a user id, "me" or "none") and overdue.
func caseFilter(r *http.Request, p *account.Principal, now time.Time) (store.CaseFilter, error) {
	q := r.URL.Query()
	f := store.CaseFilter{CustomerID: strings.TrimSpace(q.Get("customer_id")), Status: q.Get("status")}
	if f.Status != "" && f.Status != "open" && !slicesContains(cx.CaseStatuses, f.Status) {
		return f, cx.FieldErrorf("status", "status must be open or one of %s", strings.Join(cx.CaseStatuses, ", "))
	}
	switch o := strings.TrimSpace(q.Get("owner")); o {
	case "":
	case "none":
		f.Owners = []string{""}
	case "me":
		if p.Member == nil {
			return f, cx.FieldErrorf("owner", "owner=me needs a signed-in person")
		}
		f.Owners = []string{p.Member.ID}
	default:
		f.Owners = []string{o}
	}
	switch q.Get("overdue") {
	case "":
	case "true":
		f.OverdueAt, f.Status = &now, "open"
	default:
		return f, cx.FieldErrorf("overdue", "overdue must be true")
	}
	return f, nil
}

func slicesContains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (h *Cases) ListCases(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	f, err := caseFilter(r, p, h.now())
	if err != nil {
		return err
	}
	l, err := h.store.Cases(r.Context(), p.WorkspaceID, f, page)
	if err == nil {
		for i := range l.Items {
			if l.Items[i], err = h.store.Case(r.Context(), p.WorkspaceID, l.Items[i].ID); err != nil {
				break
			}
		}
	}
	return httpio.RespondList(w, l, err)
}

func (h *Cases) GetCase(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	k, err := h.cases.Case(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, k, err)
}

func (h *Cases) CreateCase(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var m cases.Manual
	if err := httpio.DecodeJSON(w, r, &m); err != nil {
		return err
	}
	k, err := h.cases.Open(r.Context(), p, m)
	return httpio.Respond(w, http.StatusCreated, k, err)
}

func (h *Cases) PatchCase(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var e cases.Edit
	if err := httpio.DecodeJSON(w, r, &e); err != nil {
		return err
	}
	k, err := h.cases.Update(r.Context(), p, r.PathValue("id"), e)
	return httpio.Respond(w, http.StatusOK, k, err)
}

func (h *Cases) SetCaseStatus(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var m cases.Move
	if err := httpio.DecodeJSON(w, r, &m); err != nil {
		return err
	}
	k, err := h.cases.SetStatus(r.Context(), p, r.PathValue("id"), m)
	return httpio.Respond(w, http.StatusOK, k, err)
}

func (h *Cases) AddCaseEntry(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var e cases.Entry
	if err := httpio.DecodeJSON(w, r, &e); err != nil {
		return err
	}
	k, err := h.cases.AddEntry(r.Context(), p, r.PathValue("id"), e)
	return httpio.Respond(w, http.StatusCreated, k, err)
}

func (h *Cases) ReplyCase(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var m cases.Reply
	if err := httpio.DecodeJSON(w, r, &m); err != nil {
		return err
	}
	k, err := h.cases.SendReply(r.Context(), p, r.PathValue("id"), m)
	return httpio.Respond(w, http.StatusCreated, k, err)
}

func (h *Cases) ListCaseRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	l, err := h.store.CaseRules(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.CaseRule]{Items: l}, err)
}

func (h *Cases) CreateCaseRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var c cx.CaseRule
	if err := httpio.DecodeJSON(w, r, &c); err != nil {
		return err
	}
	c, err := h.store.CreateCaseRule(r.Context(), p.WorkspaceID, c)
	return httpio.Respond(w, http.StatusCreated, c, err)
}

func (h *Cases) GetCaseRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.store.CaseRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, c, err)
}

func (h *Cases) PutCaseRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var c cx.CaseRule
	if err := httpio.DecodeJSON(w, r, &c); err != nil {
		return err
	}
	c.ID = r.PathValue("id")
	c, err := h.store.UpdateCaseRule(r.Context(), p.WorkspaceID, c)
	return httpio.Respond(w, http.StatusOK, c, err)
}

func (h *Cases) DeleteCaseRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteCaseRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

// caseSettings is the settings document: the SLA, the holidays and the
// root causes.
type caseSettings struct {
	cx.CaseSettings
	Holidays []cx.CaseHoliday `json:"holidays"`
}

func (h *Cases) GetCaseSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	set, err := h.store.CaseSettings(r.Context(), p.WorkspaceID)
	out := caseSettings{CaseSettings: set}
	if err == nil {
		out.Holidays, err = h.store.CaseHolidays(r.Context(), p.WorkspaceID)
	}
	return httpio.Respond(w, http.StatusOK, out, err)
}

func (h *Cases) PutCaseSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in caseSettings
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.cases.SaveSettings(r.Context(), p.WorkspaceID, in.CaseSettings, in.Holidays); err != nil {
		return err
	}
	return h.GetCaseSettings(w, r, p)
}

func (h *Cases) ListRootCauses(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	l, err := h.store.RootCauses(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.RootCause]{Items: l}, err)
}

func (h *Cases) CreateRootCause(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var c cx.RootCause
	if err := httpio.DecodeJSON(w, r, &c); err != nil {
		return err
	}
	c, err := h.store.CreateRootCause(r.Context(), p.WorkspaceID, c)
	return httpio.Respond(w, http.StatusCreated, c, err)
}

func (h *Cases) DeleteRootCause(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteRootCause(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Cases) AnalyticsCases(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	st, err := h.cases.StatsOf(r.Context(), p.WorkspaceID, r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	return httpio.Respond(w, http.StatusOK, st, err)
}
