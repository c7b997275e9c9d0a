package feedback_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// TestInvite: a personal link for any channel; send queues an email only
// for the email channel.
func TestInvite(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	inv, token, err := e.fb.Invite(e.ctx, e.wsID, cx.Invitation{SurveyID: sv.ID, Email: "lan@example.vn", Channel: "email"}, true)
	if err != nil || token == "" || inv.ID == "" {
		t.Fatalf("got %+v, %q, %v", inv, token, err)
	}
	if v := e.visit(token, ""); v.Invitation == nil || v.Invitation.ID != inv.ID {
		t.Errorf("the token does not lead to the invitation: %+v", v)
	}
	if _, _, err := e.fb.Invite(e.ctx, e.wsID, cx.Invitation{SurveyID: sv.ID, Channel: "zalo"}, true); err != nil {
		t.Fatal(err)
	}
	jobs, err := e.st.Jobs(e.ctx, e.wsID, store.JobQueued, 10)
	if err != nil || len(jobs) != 1 || jobs[0].Kind != feedback.JobSend {
		t.Errorf("got jobs %+v, %v, want one email to send", jobs, err)
	}
	if got := e.fb.SurveyURL(token); got != "https://cx.example.vn/s/"+token {
		t.Errorf("got link %q", got)
	}
}

// TestSurveyQR: the QR code of the anonymous link, as PNG or SVG.
func TestSurveyQR(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	for format, want := range map[string]string{"": "image/png", "png": "image/png", "svg": "image/svg+xml"} {
		img, mediaType, err := e.fb.SurveyQR(e.ctx, e.wsID, sv.ID, format)
		if err != nil || mediaType != want || len(img) == 0 {
			t.Errorf("format %q: got %s, %d bytes, %v", format, mediaType, len(img), err)
		}
	}
	_, _, err := e.fb.SurveyQR(e.ctx, e.wsID, sv.ID, "gif")
	storetest.WantErr(t, err, cx.Invalid, "format")
	_, _, err = e.fb.SurveyQR(e.ctx, e.wsID, "sv_nope", "png")
	storetest.WantErr(t, err, cx.NotFound, "")
}
