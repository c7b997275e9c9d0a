package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

// JobNotice is the job that e-mails a member about a case.
const JobNotice = "case.notice"

// What a notice tells a member.
const (
	noticeAssigned  = "assigned"
	noticeReminder  = "reminder"
	noticeEscalated = "escalated"
)

type notice struct {
	CaseID string `json:"case_id"`
	UserID string `json:"user_id"`
	What   string `json:"what"`
}

// mailJob queues a notice; the dedupe key keeps one per case, person,
// kind and moment.
func mailJob(wsID, what, caseID, userID string, at time.Time) store.Job {
	b, _ := json.Marshal(notice{CaseID: caseID, UserID: userID, What: what})
	return store.Job{WorkspaceID: wsID, Kind: JobNotice, Payload: string(b),
		DedupeKey: fmt.Sprintf("case:%s:%s:%s:%d", caseID, what, userID, at.UnixMilli())}
}

// assignedJobs e-mails the owner of a case just opened.
func assignedJobs(wsID string) func(cx.Case) []store.Job {
	return func(k cx.Case) []store.Job {
		if k.OwnerID == "" {
			return nil
		}
		return []store.Job{mailJob(wsID, noticeAssigned, k.ID, k.OwnerID, k.OpenedAt)}
	}
}

// noticeTexts are the notices' subject and first line per language.
var noticeTexts = map[string]map[string]string{
	cx.LangVi: {
		noticeAssigned:  "Bạn được giao một yêu cầu chăm sóc: %s",
		noticeReminder:  "Sắp đến hạn xử lý yêu cầu: %s",
		noticeEscalated: "Yêu cầu quá hạn, cần bạn xử lý: %s",
		"due":           "Hạn tiếp theo",
		"open":          "Mở yêu cầu",
	},
	cx.LangEn: {
		noticeAssigned:  "A follow-up case is yours: %s",
		noticeReminder:  "A case's deadline is near: %s",
		noticeEscalated: "A case is overdue and escalated to you: %s",
		"due":           "Next deadline",
		"open":          "Open the case",
	},
}

// sendNotice e-mails a member about a case, in the member's language.
func (s *Service) sendNotice(ctx context.Context, wsID string, n notice) error {
	if s.send == nil {
		return nil
	}
	m, err := s.st.Member(ctx, wsID, n.UserID)
	if cx.ErrorCode(err) == cx.NotFound {
		return nil // no longer a member
	}
	if err != nil {
		return err
	}
	k, err := s.st.Case(ctx, wsID, n.CaseID)
	if cx.ErrorCode(err) == cx.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	lang := m.Language
	if lang != cx.LangEn {
		lang = cx.LangVi
	}
	t := noticeTexts[lang]
	who := k.CustomerName
	if who == "" {
		who = k.CustomerID
	}
	lines := []string{fmt.Sprintf(t[n.What], who)}
	if k.DueAt != nil {
		loc := s.location(ctx, wsID)
		lines = append(lines, t["due"]+": "+k.DueAt.In(loc).Format("02/01/2006 15:04"))
	}
	lines = append(lines, "", t["open"]+": "+s.baseURL+"/cases/"+k.ID)
	return s.send.Send(ctx, feedback.Message{To: m.Email, Subject: fmt.Sprintf(t[n.What], who), Text: strings.Join(lines, "\n")})
}

func (s *Service) location(ctx context.Context, wsID string) *time.Location {
	cal, err := s.st.Calendar(ctx, wsID)
	if err != nil {
		return time.UTC
	}
	return cal.Loc
}

// Reply is an e-mail to the customer from a case.
type Reply struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
}

// SendReply e-mails the customer of a case and records it in the history;
// it counts as the first contact when there was none.
func (s *Service) SendReply(ctx context.Context, p *account.Principal, caseID string, r Reply) (cx.Case, error) {
	wsID := p.WorkspaceID
	r.Subject, r.Text = strings.TrimSpace(r.Subject), strings.TrimSpace(r.Text)
	if err := cx.CheckCaseText("subject", r.Subject, true); err != nil {
		return cx.Case{}, err
	}
	if err := cx.CheckCaseText("text", r.Text, true); err != nil {
		return cx.Case{}, err
	}
	k, err := s.st.Case(ctx, wsID, caseID)
	if err != nil {
		return k, err
	}
	if s.send == nil {
		return cx.Case{}, cx.Errorf(cx.Conflict, "this server sends no e-mail: configure SMTP first")
	}
	c, err := s.st.Customer(ctx, wsID, k.CustomerID)
	if err != nil {
		return k, err
	}
	if c.Email == "" {
		return k, cx.FieldErrorf("text", "this customer has no e-mail address")
	}
	if err := s.send.Send(ctx, feedback.Message{To: c.Email, Subject: r.Subject, Text: r.Text}); err != nil {
		s.log.Warn("case reply not sent", "case", caseID, "err", err)
		return k, cx.Errorf(cx.Internal, "the e-mail could not be sent: try again later")
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	return s.st.ChangeCase(ctx, wsID, caseID, func(k *cx.Case, _ store.CaseMeta) (store.CaseChange, error) {
		ch := store.CaseChange{Entries: []cx.CaseEntry{{Kind: cx.EntryEmail, UserID: actor(p), Text: r.Subject + "\n\n" + r.Text, To: c.Email, At: now}}}
		if cx.IsOpenCase(k.Status) {
			from := k.Status
			contacted(k, &ch, now)
			if k.Status != from {
				ch.Entries = append(ch.Entries, cx.CaseEntry{Kind: cx.EntryStatus, UserID: actor(p), From: from, To: k.Status, At: now})
			}
		}
		return ch, nil
	})
}

// pendingResurvey is a re-survey's invitation, made before the case is
// resolved and mailed after.
type pendingResurvey struct {
	inv   cx.Invitation
	token string
	sv    cx.Survey
}

// prepareResurvey makes the personal invitation to the workspace's
// re-survey for the customer of a case.
func (s *Service) prepareResurvey(ctx context.Context, wsID string, k cx.Case, set cx.CaseSettings) (*pendingResurvey, error) {
	if set.ResurveySurveyID == "" {
		return nil, cx.FieldErrorf("resurvey", "choose the re-survey in the case settings first")
	}
	if s.send == nil {
		return nil, cx.FieldErrorf("resurvey", "this server sends no e-mail: configure SMTP first")
	}
	c, err := s.st.Customer(ctx, wsID, k.CustomerID)
	if err != nil {
		return nil, err
	}
	if c.Email == "" {
		return nil, cx.FieldErrorf("resurvey", "this customer has no e-mail address")
	}
	sv, err := s.st.Survey(ctx, wsID, set.ResurveySurveyID)
	if err != nil {
		return nil, fieldNotFound(err, "resurvey")
	}
	ws, err := s.st.Workspace(ctx, wsID)
	if err != nil {
		return nil, err
	}
	inv, token, err := s.surveys.Invite(ctx, wsID, cx.Invitation{SurveyID: sv.ID, CustomerID: c.ID, Channel: "email", Email: c.Email,
		Language: ws.Language, RuleID: "case:" + k.ID}, false)
	if err != nil {
		return nil, err
	}
	return &pendingResurvey{inv: inv, token: token, sv: sv}, nil
}

// sendResurvey mails a re-survey; when that fails, the feedback worker's
// job sends it later with retries.
func (s *Service) sendResurvey(ctx context.Context, wsID string, r pendingResurvey) error {
	msg, err := feedback.InvitationEmail(r.sv, r.inv, s.surveys.SurveyURL(r.token), false)
	if err == nil {
		err = s.send.Send(ctx, msg)
	}
	if err != nil {
		s.log.Warn("re-survey not sent now, queued", "invitation", r.inv.ID, "err", err)
		return s.st.EnqueueJob(ctx, feedback.SendJob(wsID, r.inv.ID))
	}
	return s.st.MarkInvitation(ctx, wsID, r.inv.ID, "sent")
}
