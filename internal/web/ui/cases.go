package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/cases"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// Cases serves the follow-up case pages: the agent's queue, the case page
// and the case settings.
type Cases struct {
	*Handler
	cases *cases.Service
}

// NewCases returns the case pages on the dashboard's handler.
func NewCases(h *Handler, cs *cases.Service) *Cases { return &Cases{Handler: h, cases: cs} }

// caseQueue is the queue page.
type caseQueue struct {
	Scope  string
	Scopes []string
	Cases  []cx.Case
	Now    time.Time
	Rules  map[string]cx.CaseRule
}

func (h *Cases) Queue(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	scope := r.URL.Query().Get("scope")
	if scope != cases.ScopeTeam && scope != cases.ScopeAll {
		scope = cases.ScopeMine
	}
	list, err := h.cases.Queue(r.Context(), p, scope)
	if err != nil {
		return err
	}
	rules, err := h.ruleIndex(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	v := caseQueue{Scope: scope, Scopes: []string{cases.ScopeMine, cases.ScopeTeam, cases.ScopeAll}, Cases: list, Now: time.Now(), Rules: rules}
	h.pages.Render(w, r, p, http.StatusOK, "cases", "cases.title", v, nil)
	return nil
}

func (h *Cases) ruleIndex(ctx context.Context, wsID string) (map[string]cx.CaseRule, error) {
	rules, err := h.store.CaseRules(ctx, wsID)
	out := map[string]cx.CaseRule{}
	for _, r := range rules {
		out[r.ID] = r
	}
	return out, err
}

// casePage is the case page: the case, what may be done with it, and the
// customer's timeline beside it.
type casePage struct {
	K          cx.Case
	Customer   cx.Customer
	Moves      []string
	Members    []cx.Member
	RootCauses []cx.RootCause
	Rules      map[string]cx.CaseRule
	Timeline   []cx.TimelineItem
	Names      map[string]cx.Text // touchpoints by id
	Overdue    bool
	Form       map[string]string // what a failed form sent
	Priorities []string
}

func (h *Cases) page(ctx context.Context, p *account.Principal, id string) (*casePage, error) {
	k, err := h.cases.Case(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	v := &casePage{K: k, Moves: cx.CaseMoves(k.Status), Overdue: k.Overdue(time.Now()), Names: map[string]cx.Text{}, Form: map[string]string{},
		Priorities: cx.CasePriorities}
	if v.Customer, err = h.store.Customer(ctx, p.WorkspaceID, k.CustomerID); err != nil && cx.ErrorCode(err) != cx.NotFound {
		return nil, err
	}
	ms, err := h.store.Members(ctx, p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	v.Members = ms.Items
	if v.RootCauses, err = h.store.RootCauses(ctx, p.WorkspaceID); err != nil {
		return nil, err
	}
	if v.Rules, err = h.ruleIndex(ctx, p.WorkspaceID); err != nil {
		return nil, err
	}
	tl, err := h.store.Timeline(ctx, p.WorkspaceID, k.CustomerID, store.Page{Limit: 30})
	if err != nil {
		return nil, err
	}
	v.Timeline = tl.Items
	tps, err := h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{})
	if err != nil {
		return nil, err
	}
	for _, t := range tps {
		v.Names[t.ID] = t.Name
	}
	return v, nil
}

func (h *Cases) Case(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v, err := h.page(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "case", "case.title", v, nil)
	return nil
}

// caseAction runs one use case from a form of the case page: a failure
// the person can fix shows the page again with what they sent.
func (h *Cases) caseAction(w http.ResponseWriter, r *http.Request, p *account.Principal, notice string,
	do func(id string) (cx.Case, error)) error {
	id := r.PathValue("id")
	_, err := do(id)
	if status, ok := formError(err); ok {
		v, perr := h.page(r.Context(), p, id)
		if perr != nil {
			return perr
		}
		for _, k := range []string{"status", "resolution", "text", "subject", "kind", "reply_text"} {
			v.Form[k] = r.PostFormValue(k)
		}
		h.pages.Render(w, r, p, status, "case", "case.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/cases/"+url.PathEscape(id), notice)
	return nil
}

func (h *Cases) SetStatus(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.caseAction(w, r, p, "saved", func(id string) (cx.Case, error) {
		return h.cases.SetStatus(r.Context(), p, id, cases.Move{Status: r.PostFormValue("status"), Resolution: r.PostFormValue("resolution"),
			RootCauseID: r.PostFormValue("root_cause_id"), Resurvey: r.PostFormValue("resurvey") == "1"})
	})
}

func (h *Cases) AddEntry(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.caseAction(w, r, p, "saved", func(id string) (cx.Case, error) {
		return h.cases.AddEntry(r.Context(), p, id, cases.Entry{Kind: r.PostFormValue("kind"), Text: r.PostFormValue("text")})
	})
}

func (h *Cases) Reply(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.caseAction(w, r, p, "case_sent", func(id string) (cx.Case, error) {
		return h.cases.SendReply(r.Context(), p, id, cases.Reply{Subject: r.PostFormValue("subject"), Text: r.PostFormValue("reply_text")})
	})
}

func (h *Cases) Edit(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.caseAction(w, r, p, "saved", func(id string) (cx.Case, error) {
		owner := r.PostFormValue("owner")
		return h.cases.Update(r.Context(), p, id, cases.Edit{OwnerID: &owner, Priority: r.PostFormValue("priority"), RootCauseID: r.PostFormValue("root_cause_id")})
	})
}

// Open opens a case by hand from a customer, a feedback item or a
// timeline item, and shows it.
func (h *Cases) Open(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	k, err := h.cases.Open(r.Context(), p, cases.Manual{CustomerID: r.PostFormValue("customer_id"), FeedbackID: r.PostFormValue("feedback_id"),
		Title: r.PostFormValue("title")})
	if cx.ErrorCode(err) == cx.Conflict {
		// The customer's open manual case takes it: show that one.
		l, lerr := h.store.Cases(r.Context(), p.WorkspaceID, store.CaseFilter{CustomerID: r.PostFormValue("customer_id"), Status: "open"}, store.Page{})
		for _, c := range l.Items {
			if lerr == nil && c.RuleID == cx.ManualRule {
				view.Redirect(w, r, "/cases/"+url.PathEscape(c.ID), "case_already_open")
				return nil
			}
		}
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/cases/"+url.PathEscape(k.ID), "case_opened")
	return nil
}

// caseSettingsPage is the settings page of cases.
type caseSettingsPage struct {
	Rules       []cx.CaseRule
	Settings    cx.CaseSettings
	Holidays    string // one per line: "2027-02-06 Tết Nguyên đán"
	RootCauses  []cx.RootCause
	Touchpoints []cx.Touchpoint
	Names       map[string]cx.Text
	Surveys     []cx.Survey
	Days        []int
	Kinds       []string
	Priorities  []string
}

func (h *Cases) settingsPage(ctx context.Context, wsID string) (*caseSettingsPage, error) {
	v := &caseSettingsPage{Days: []int{1, 2, 3, 4, 5, 6, 0}, Kinds: cx.CaseRuleKinds, Priorities: cx.CasePriorities, Names: map[string]cx.Text{}}
	var err error
	if v.Rules, err = h.store.CaseRules(ctx, wsID); err != nil {
		return nil, err
	}
	if v.Settings, err = h.store.CaseSettings(ctx, wsID); err != nil {
		return nil, err
	}
	hs, err := h.store.CaseHolidays(ctx, wsID)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, d := range hs {
		lines = append(lines, d.Date+" "+d.Name)
	}
	v.Holidays = strings.Join(lines, "\n")
	if v.RootCauses, err = h.store.RootCauses(ctx, wsID); err != nil {
		return nil, err
	}
	if v.Touchpoints, err = h.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{}); err != nil {
		return nil, err
	}
	for _, t := range v.Touchpoints {
		v.Names[t.ID] = t.Name
	}
	sv, err := h.store.Surveys(ctx, wsID, store.Page{Limit: store.MaxLimit})
	v.Surveys = sv.Items
	return v, err
}

func (h *Cases) Settings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v, err := h.settingsPage(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "case_settings", "case_settings.title", v, nil)
	return nil
}

// settingsAction runs a save of the settings page.
func (h *Cases) settingsAction(w http.ResponseWriter, r *http.Request, p *account.Principal, save func() error) error {
	err := save()
	if status, ok := formError(err); ok {
		v, perr := h.settingsPage(r.Context(), p.WorkspaceID)
		if perr != nil {
			return perr
		}
		h.pages.Render(w, r, p, status, "case_settings", "case_settings.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/cases", "saved")
	return nil
}

func (h *Cases) SaveRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.settingsAction(w, r, p, func() error {
		rule := cx.CaseRule{ID: r.PathValue("id"), Kind: r.PostFormValue("kind"), Aspect: r.PostFormValue("aspect"),
			TouchpointID: r.PostFormValue("touchpoint_id"), Priority: r.PostFormValue("priority"), Enabled: r.PostFormValue("enabled") == "1"}
		if s := strings.TrimSpace(r.PostFormValue("max_score")); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return cx.FieldErrorf("max_score", "max_score must be a number")
			}
			rule.MaxScore = v
		}
		var err error
		if rule.ID == "" {
			_, err = h.store.CreateCaseRule(r.Context(), p.WorkspaceID, rule)
		} else {
			_, err = h.store.UpdateCaseRule(r.Context(), p.WorkspaceID, rule)
		}
		return err
	})
}

func (h *Cases) DeleteRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.settingsAction(w, r, p, func() error { return h.store.DeleteCaseRule(r.Context(), p.WorkspaceID, r.PathValue("id")) })
}

func (h *Cases) SaveSLA(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.settingsAction(w, r, p, func() error {
		set, err := readSLA(r)
		if err != nil {
			return err
		}
		holidays, err := readHolidays(r.PostFormValue("holidays"))
		if err != nil {
			return err
		}
		return h.cases.SaveSettings(r.Context(), p.WorkspaceID, set, holidays)
	})
}

func readSLA(r *http.Request) (cx.CaseSettings, error) {
	set := cx.CaseSettings{WorkStart: strings.TrimSpace(r.PostFormValue("work_start")), WorkEnd: strings.TrimSpace(r.PostFormValue("work_end")),
		ResurveySurveyID: r.PostFormValue("resurvey_survey_id"), WorkDays: []int{}}
	for _, f := range []struct {
		name string
		to   *int
	}{{"first_contact_hours", &set.FirstContactHours}, {"resolve_days", &set.ResolveDays}, {"remind_minutes", &set.RemindMinutes}} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.name)))
		if err != nil {
			return set, cx.FieldErrorf(f.name, "%s must be a whole number", f.name)
		}
		*f.to = n
	}
	for _, d := range r.PostForm["work_days"] {
		n, err := strconv.Atoi(d)
		if err != nil {
			return set, cx.FieldErrorf("work_days", "work_days must be distinct days from 0 (Sunday) to 6 (Saturday)")
		}
		set.WorkDays = append(set.WorkDays, n)
	}
	return set, nil
}

// readHolidays reads one holiday a line: a date, a space, its name.
func readHolidays(s string) ([]cx.CaseHoliday, error) {
	out := []cx.CaseHoliday{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		date, name, _ := strings.Cut(line, " ")
		out = append(out, cx.CaseHoliday{Date: date, Name: strings.TrimSpace(name)})
		if len(out) > store.MaxHolidays {
			return nil, cx.FieldErrorf("holidays", "at most %d holidays", store.MaxHolidays)
		}
	}
	return out, nil
}

func (h *Cases) AddRootCause(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.settingsAction(w, r, p, func() error {
		_, err := h.store.CreateRootCause(r.Context(), p.WorkspaceID, cx.RootCause{Name: cx.Text{Vi: r.PostFormValue("name_vi"), En: r.PostFormValue("name_en")},
			TouchpointID: r.PostFormValue("touchpoint_id")})
		return err
	})
}

func (h *Cases) DeleteRootCause(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.settingsAction(w, r, p, func() error { return h.store.DeleteRootCause(r.Context(), p.WorkspaceID, r.PathValue("id")) })
}

// memberNames are a workspace's members' names (else e-mails) by user id.
func (h *Handler) memberNames(ctx context.Context, wsID string) (map[string]string, error) {
	ms, err := h.store.Members(ctx, wsID, store.Page{Limit: store.MaxLimit})
	out := map[string]string{}
	for _, m := range ms.Items {
		out[m.ID] = m.Name
		if m.Name == "" {
			out[m.ID] = m.Email
		}
	}
	return out, err
}
