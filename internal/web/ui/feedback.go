package ui

import (
	"context"
	"maps"
	"net/http"
	"slices"
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

// inboxView is the feedback inbox: one entry per survey response, review
// or note, newest first, filtered; and the "add feedback" form as typed.
type inboxView struct {
	Query       map[string]string
	Entries     []inboxEntry
	Next        string
	Surveys     []cx.Survey
	Touchpoints map[string]cx.Text
	TPList      []cx.Touchpoint
	Sources     []string
	Scales      []string
	CSV         string            // the export link with the same filters
	Add         map[string]string // the add form's values, kept when it fails
	Text        textChoices       // the text analysis's filters and correction choices
	Return      string            // this page's address, where a correction comes back to
}

// inboxEntry is one response (its answers together) or one review or note.
type inboxEntry struct {
	ID           string
	At           time.Time
	Source, Kind string
	Survey       cx.Text
	CustomerID   string
	Customer     string // the customer's name, email or phone
	TouchpointID string
	Author       string
	Answers      []inboxAnswer
}

// inboxAnswer is one answer with its question's title and its scale.
type inboxAnswer struct {
	Title     cx.Text // the question, or the criterion of a matrix
	Question  cx.Text // the matrix's question, for a criterion
	Score     *float64
	ScaleMin  float64
	ScaleMax  float64
	Choices   []string
	Text      string
	HasTitle  bool
	Criterion string
	ID        string           // the feedback record, for correcting its analysis
	Analysis  *cx.TextAnalysis // what the text analysis read in Text, once it has run
}

// inboxFilters are the query parameters the inbox keeps.
var inboxFilters = []string{"survey_id", "touchpoint_id", "source", "scale", "min_score", "max_score", "from", "to",
	"sentiment", "aspect", "language"}

func (h *Handler) Feedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v, ferr, err := h.inbox(r, p)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, statusOfErr(ferr), "feedback", "feedback.title", v, ferr)
	return nil
}

// inbox reads the inbox page: the filter's error, if any, is shown on it.
func (h *Handler) inbox(r *http.Request, p *account.Principal) (inboxView, error, error) {
	ctx := r.Context()
	q := r.URL.Query()
	v := inboxView{Query: map[string]string{}, Sources: cx.Sources, Scales: []string{"0-10", "1-5", "1-7"}, Add: map[string]string{}}
	for _, k := range inboxFilters {
		v.Query[k] = q.Get(k)
	}
	v.CSV = "/feedback.csv?" + q.Encode()
	back := maps.Clone(q)
	back.Del("notice")
	v.Return = "/feedback?" + back.Encode()
	var err error
	if v.Text, err = h.textChoices(ctx, p.WorkspaceID); err != nil {
		return v, nil, err
	}
	surveys, err := h.store.Surveys(ctx, p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return v, nil, err
	}
	v.Surveys = surveys.Items
	if v.TPList, err = h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{}); err != nil {
		return v, nil, err
	}
	v.Touchpoints = map[string]cx.Text{}
	for _, tp := range v.TPList {
		v.Touchpoints[tp.ID] = tp.Name
	}
	f, ferr := httpio.FeedbackFilter(q)
	if ferr == nil && f.Scale == nil && (f.MinScore != nil || f.MaxScore != nil) {
		// A score range on no scale would mix NPS 0–10 with stars 1–5.
		ferr = cx.FieldErrorf("scale", "choose a scale to filter scores by")
	}
	if ferr != nil {
		return v, ferr, nil
	}
	l, err := h.store.Feedback(ctx, p.WorkspaceID, f, store.Page{After: q.Get("after"), Limit: inboxRows})
	if err != nil {
		return v, nil, err
	}
	v.Entries, v.Next = inboxEntries(l.Items, l.Next != "", surveys.Items)
	if err := h.nameCustomers(ctx, p.WorkspaceID, v.Entries); err != nil {
		return v, nil, err
	}
	return v, nil, nil
}

// inboxRows is how many answers a page of the inbox reads.
const inboxRows = 200

// inboxEntries groups a page of answers (newest first) into one entry per
// response, sorted newest first. When the page is full its last response
// may go on past it: that entry is left to the next page, which starts
// after the last entry kept.
func inboxEntries(rows []cx.Feedback, full bool, surveys []cx.Survey) ([]inboxEntry, string) {
	bySurvey := map[string]cx.Survey{}
	for _, sv := range surveys {
		bySurvey[sv.ID] = sv
	}
	var out []inboxEntry
	last := map[string]int{} // response id → index in out
	lastID := map[int]string{}
	for _, fb := range rows {
		i, ok := last[fb.ResponseID]
		if fb.ResponseID == "" || !ok {
			sv := bySurvey[fb.SurveyID]
			out = append(out, inboxEntry{ID: fb.ID, At: fb.OccurredAt, Source: fb.Source, Kind: fb.Kind, Survey: sv.Name,
				CustomerID: fb.CustomerID, TouchpointID: fb.TouchpointID, Author: firstOf(fb.Author, fb.Agent)})
			i = len(out) - 1
			if fb.ResponseID != "" {
				last[fb.ResponseID] = i
			}
		}
		lastID[i] = fb.ID
		out[i].Answers = append(out[i].Answers, answerOf(fb, bySurvey[fb.SurveyID]))
	}
	next := ""
	if full && len(out) > 1 {
		out = out[:len(out)-1]
		next = lastID[len(out)-1]
	}
	for i := range out {
		slices.Reverse(out[i].Answers) // the rows came newest first: put the questions back in order
	}
	slices.SortStableFunc(out, func(a, b inboxEntry) int { return b.At.Compare(a.At) })
	return out, next
}

// answerOf is one stored answer with its question's title from the survey.
func answerOf(fb cx.Feedback, sv cx.Survey) inboxAnswer {
	a := inboxAnswer{Score: fb.Score, ScaleMin: fb.ScaleMin, ScaleMax: fb.ScaleMax, Choices: fb.Choices, Text: fb.Text, Criterion: fb.Criterion,
		ID: fb.ID, Analysis: fb.Analysis}
	if fb.Title != "" && fb.QuestionKey == "" {
		a.Title, a.HasTitle = cx.Text{Vi: fb.Title, En: fb.Title}, true
	}
	for _, q := range sv.Questions {
		if q.Key != fb.QuestionKey {
			continue
		}
		a.Title, a.HasTitle = q.Title, true
		if fb.Criterion != "" {
			a.Question, a.Title = q.Title, cx.Text{Vi: fb.Criterion, En: fb.Criterion}
			for _, o := range q.Options {
				if o.Key == fb.Criterion {
					a.Title = o.Label
				}
			}
		}
	}
	if !a.HasTitle && fb.QuestionKey != "" {
		a.Title, a.HasTitle = cx.Text{Vi: fb.QuestionKey, En: fb.QuestionKey}, true // a question since removed from the survey
	}
	return a
}

// nameCustomers fills in the customers' names; one that has since been
// deleted is left unnamed, never failing the page.
func (h *Handler) nameCustomers(ctx context.Context, wsID string, entries []inboxEntry) error {
	names := map[string]string{}
	for i, e := range entries {
		if e.CustomerID == "" {
			continue
		}
		name, ok := names[e.CustomerID]
		if !ok {
			c, err := h.store.Customer(ctx, wsID, e.CustomerID)
			if err != nil && cx.ErrorCode(err) != cx.NotFound {
				return err
			}
			name = firstOf(c.FullName, c.Email, c.Phone, c.UserID)
			names[e.CustomerID] = name
		}
		entries[i].Customer = name
	}
	return nil
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
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
	header := feedbackHeader[cx.LangVi]
	if r.URL.Query().Get("headers") == cx.LangEn {
		header = feedbackHeader[cx.LangEn]
	}
	cw.Write(header)
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

// feedbackHeader is the header of the feedback export: Vietnamese, or
// English with ?headers=en.
var feedbackHeader = map[string][]string{
	cx.LangVi: {"Mã", "Thời gian", "Nguồn", "Loại", "Mã khảo sát", "Phiên bản khảo sát", "Mã phản hồi", "Mã câu hỏi", "Loại câu hỏi",
		"Tiêu chí", "Điểm", "Thang từ", "Thang đến", "Lựa chọn", "Nội dung", "Tiêu đề", "Mã khách hàng", "Mã điểm chạm", "Mã giai đoạn", "Pha",
		"Ngôn ngữ", "Người viết", "Liên kết", "Nhân viên", "Thời lượng (giây)"},
	cx.LangEn: {"id", "occurred_at", "source", "kind", "survey_id", "survey_version", "response_id", "question_key", "question_type",
		"criterion", "score", "scale_min", "scale_max", "choices", "text", "title", "customer_id", "touchpoint_id", "stage_id", "phase",
		"language", "author", "url", "agent", "duration_s"},
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
	var err error
	if s := v("rating"); s != "" {
		var f float64
		if f, err = parseNumber(s, "rating"); err == nil {
			x.Rating = &f
		}
	}
	if err == nil {
		_, _, err = h.store.AddFeedback(r.Context(), p.WorkspaceID, x)
	}
	if status, ok := formError(err); ok {
		page, _, ierr := h.inbox(r, p)
		if ierr != nil {
			return ierr
		}
		for _, k := range []string{"source", "rating", "text", "author", "agent", "email", "touchpoint_id"} {
			page.Add[k] = v(k)
		}
		h.pages.Render(w, r, p, status, "feedback", "feedback.title", page, err)
		return nil
	}
	if err != nil {
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
	Events      []cx.EventName // what the event picker offers
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
	if v.Events, err = h.eventNames(ctx, p.WorkspaceID); err != nil {
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
