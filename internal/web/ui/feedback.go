package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/imports"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// inboxView is the feedback inbox: every source, filtered.
type inboxView struct {
	Query       map[string]string
	Items       []cx.Feedback
	Next        string
	Surveys     []cx.Survey
	Touchpoints map[string]cx.Text
	TPList      []cx.Touchpoint
	Sources     []string
	CSV         string // the export link with the same filters
}

// inboxFilters are the query parameters the inbox keeps.
var inboxFilters = []string{"survey_id", "touchpoint_id", "source", "min_score", "max_score", "from", "to"}

func (h *Handler) Feedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := inboxView{Query: map[string]string{}, Sources: cx.Sources}
	for _, k := range inboxFilters {
		v.Query[k] = q.Get(k)
	}
	v.CSV = "/feedback.csv?" + q.Encode()
	f, ferr := httpio.FeedbackFilter(q)
	var err error
	if ferr == nil {
		var l store.List[cx.Feedback]
		l, err = h.store.Feedback(ctx, p.WorkspaceID, f, store.Page{After: q.Get("after"), Limit: 50})
		v.Items, v.Next = l.Items, l.Next
	}
	if err != nil {
		return err
	}
	surveys, err := h.store.Surveys(ctx, p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.Surveys = surveys.Items
	if v.TPList, err = h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{}); err != nil {
		return err
	}
	v.Touchpoints = map[string]cx.Text{}
	for _, tp := range v.TPList {
		v.Touchpoints[tp.ID] = tp.Name
	}
	h.pages.Render(w, r, p, statusOfErr(ferr), "feedback", "feedback.title", v, ferr)
	return nil
}

func statusOfErr(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return httpio.StatusOf(cx.ErrorCode(err))
}

// feedbackCSV exports the filtered feedback as CSV, every page of it.
func (h *Handler) FeedbackCSV(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	f, err := httpio.FeedbackFilter(r.URL.Query())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff") // cells from the public are never read as HTML
	w.Header().Set("Content-Disposition", `attachment; filename="feedback.csv"`)
	w.Write([]byte("\ufeff")) // spreadsheets read UTF-8 with a byte-order mark
	cw := csvio.NewWriter(w)  // the one writer of exports: no cell runs as a formula
	cw.Write([]string{"id", "occurred_at", "source", "kind", "survey_id", "survey_version", "response_id", "question_key", "question_type",
		"criterion", "score", "scale_min", "scale_max", "choices", "text", "title", "customer_id", "touchpoint_id", "stage_id", "phase",
		"language", "author", "url", "agent", "duration_s"})
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := h.store.Feedback(r.Context(), p.WorkspaceID, f, page)
		if err != nil {
			return err
		}
		for _, x := range l.Items {
			cw.Write(feedbackRecord(x))
		}
		if l.Next == "" {
			return cw.Flush()
		}
		page.After = l.Next
	}
}

func feedbackRecord(x cx.Feedback) []string {
	score := ""
	if x.Score != nil {
		score = strconv.FormatFloat(*x.Score, 'f', -1, 64)
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	version := ""
	if x.SurveyVersion > 0 {
		version = strconv.Itoa(x.SurveyVersion)
	}
	return []string{x.ID, x.OccurredAt.Format(time.RFC3339), x.Source, x.Kind, x.SurveyID, version, x.ResponseID, x.QuestionKey,
		x.QuestionType, x.Criterion, score, num(x.ScaleMin), num(x.ScaleMax), strings.Join(x.Choices, ";"), x.Text, x.Title,
		x.CustomerID, x.TouchpointID, x.StageID, x.Phase, x.Language, x.Author, x.URL, x.Agent, strconv.Itoa(x.DurationS)}
}

// addFeedbackPage stores a note, review or call typed in the inbox.
func (h *Handler) AddFeedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	x := cx.ExternalFeedback{Source: v("source"), Text: v("text"), Author: v("author"), Agent: v("agent"), Email: v("email"),
		Phone: v("phone"), TouchpointID: v("touchpoint_id"), Date: v("date"), URL: v("url")}
	if s := v("rating"); s != "" {
		f, err := parseNumber(s, "rating")
		if err != nil {
			return err
		}
		x.Rating = &f
	}
	if _, _, err := h.store.AddFeedback(r.Context(), p.WorkspaceID, x); err != nil {
		return err
	}
	view.Redirect(w, r, "/feedback", "saved")
	return nil
}

// ImportFeedback streams a CSV file uploaded in the inbox to disk and
// queues its import; the import's page follows it to its report.
func (h *Handler) ImportFeedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	u, err := httpio.ReadUpload(w, r, "file", h.imports.Dir(), h.imports.MaxBytes())
	if err != nil {
		return err
	}
	im, err := h.imports.Start(r.Context(), p.WorkspaceID, memberID(p),
		imports.Upload{Kind: imports.Feedback, FileName: u.FileName, Path: u.Path, Size: u.Size})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+im.ID, http.StatusSeeOther)
	return nil
}

// invitationRulesView is the invitation rules page with the workspace's settings.
type invitationRulesView struct {
	Rules       []cx.InvitationRule
	Surveys     map[string]cx.Text
	SurveyList  []cx.Survey
	Touchpoints []cx.Touchpoint
	Channels    []string
	Settings    cx.FeedbackSettings
}

func (h *Handler) InvitationRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	v := invitationRulesView{Surveys: map[string]cx.Text{}, Channels: cx.InvitationChannels}
	var err error
	if v.Rules, err = h.store.InvitationRules(ctx, p.WorkspaceID, false); err != nil {
		return err
	}
	l, err := h.store.Surveys(ctx, p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.SurveyList = l.Items
	for _, sv := range l.Items {
		v.Surveys[sv.ID] = sv.Name
	}
	if v.Touchpoints, err = h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{}); err != nil {
		return err
	}
	if v.Settings, err = h.store.FeedbackSettings(ctx, p.WorkspaceID); err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "survey_rules", "rules.title", v, nil)
	return nil
}

// createInvitationRulePage adds a rule from the rules page. Properties are typed one
// a line as name=value.
func (h *Handler) CreateInvitationRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	rule := cx.InvitationRule{SurveyID: v("survey_id"), EventName: v("event_name"), TouchpointID: v("touchpoint_id"), Channel: v("channel"),
		Active: true, Properties: map[string]string{}}
	for _, line := range strings.Split(v("properties"), "\n") {
		if k, val, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) != "" {
			rule.Properties[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
	}
	delay, err := parseNumber(orZero(v("delay_minutes")), "delay_minutes")
	if err != nil {
		return err
	}
	rate, err := parseNumber(orZero(v("sample_percent")), "sample_rate")
	if err != nil {
		return err
	}
	rule.DelayMinutes, rule.SampleRate = int(delay), rate/100
	if _, err := h.store.CreateInvitationRule(r.Context(), p.WorkspaceID, rule); err != nil {
		return err
	}
	view.Redirect(w, r, "/surveys/rules", "created")
	return nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func (h *Handler) DeleteInvitationRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.store.DeleteInvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	view.Redirect(w, r, "/surveys/rules", "deleted")
	return nil
}

func (h *Handler) SaveFeedbackSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var st cx.FeedbackSettings
	for _, f := range []struct {
		name string
		dst  *int
	}{{"fatigue_days", &st.FatigueDays}, {"reminder_days", &st.ReminderDays}, {"expiry_days", &st.ExpiryDays}} {
		n, err := parseNumber(r.PostFormValue(f.name), f.name)
		if err != nil {
			return err
		}
		*f.dst = int(n)
	}
	if err := h.store.SetFeedbackSettings(r.Context(), p.WorkspaceID, st); err != nil {
		return err
	}
	view.Redirect(w, r, "/surveys/rules", "saved")
	return nil
}
