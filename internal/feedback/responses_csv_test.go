package feedback_test

import (
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

// googleForms is a year of answers as Google Forms exports them from a
// sheet in Vietnamese: the Timestamp column in dd/mm/yyyy, the collected
// e-mail, one column a question by its title, a grid as "Title [Row]",
// with the bad rows a real file has.
const googleForms = "\ufeffTimestamp,Email Address,Bạn có giới thiệu quán cho bạn bè không?,Bạn hài lòng thế nào với… [Hương vị],Bạn hài lòng thế nào với… [Thời gian chờ],Bạn hài lòng thế nào với… [Đánh giá chung],Chúng tôi có thể trích lời bạn không?,Chúng tôi nên cải thiện điều gì?\n" +
	"30/11/2026 17:54:03,lan@example.vn,9,5,4,5,Có,Cà phê ngon\n" + // 2
	"1/2/2026 8:05:00,,3,2,1,2,,giao cham qua\n" + // 3: Tết, no e-mail
	"31/12/2026 10:00:00,,8,4,4,4,,\n" + // 4: in the future
	"15/03/2026 09:00:00,,11,4,4,4,,\n" + // 5: NPS out of range
	"16/03/2026 09:00:00,,10,5,5,5,Có lẽ,\n" + // 6: an unknown option
	"17/03/2026 09:00:00,,7,4,4,4,,a\x00b\n" + // 7: a NUL byte
	"18/03/2026 09:00:00,,7,4,4,4,,caf\xe9\n" + // 8: not UTF-8
	"13/13/2026 10:00:00,,7,4,4,4,,\n" + // 9: no such date
	"2026-06-15T09:30:00+07:00,,8,\"4 - Hài lòng\",3,4,,\"Mùa hè đông, chờ lâu\"\n" + // 10: RFC 3339, a labelled score
	"11/30/2026 17:54:03,,9,5,5,5,,\n" + // 11: month first in a day-first file
	"20/03/2026 09:00:00,,9,5,,5,,\n" // 12: a matrix row left out

func TestImportResponsesFromGoogleForms(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	sv := e.survey(cx.SurveyActive)
	if _, err := e.pipe.Ingest(e.ctx, e.wsID, []cx.Event{{Type: cx.EventIdentify, MessageID: "m1", UserID: "u-lan", Traits: map[string]any{"email": "lan@example.vn"},
		Timestamp: e.now, ReceivedAt: e.now}}); err != nil {
		t.Fatal(err)
	}
	lan, err := e.st.CustomerByIdentity(e.ctx, e.wsID, cx.IDEmail, "lan@example.vn")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.fb.ImportResponsesCSV(e.ctx, e.wsID, strings.NewReader(googleForms), feedback.ResponseFile{SurveyID: sv.ID})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 11 || rep.Added != 3 || rep.BadRows != 8 {
		t.Fatalf("got %+v; want 11 rows, 3 added, 8 refused", rep)
	}
	want := map[int]string{4: "submitted_at", 5: "nps", 6: "Chúng tôi có thể trích lời bạn không?", 7: "Chúng tôi nên cải thiện điều gì?",
		8: "Chúng tôi nên cải thiện điều gì?", 9: "submitted_at", 11: "submitted_at", 12: "criteria"}
	for _, b := range rep.Bad {
		if want[b.Line] != b.Field || b.Reason == "" {
			t.Errorf("line %d refused on %q (%s); want the field %q", b.Line, b.Field, b.Reason, want[b.Line])
		}
		delete(want, b.Line)
	}
	if len(want) > 0 {
		t.Errorf("lines not refused: %v", want)
	}
	if !strings.Contains(rep.Bad[6].Reason, "month/day/year") {
		t.Errorf("line 11: got %q; want a hint at the date order", rep.Bad[6].Reason)
	}
	l, err := e.st.Responses(e.ctx, e.wsID, sv.ID, store.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	ict := time.FixedZone("ICT", 7*3600)
	times := map[time.Time]cx.Response{}
	for _, r := range l.Items {
		times[r.CompletedAt.UTC()] = r
		if r.Channel != "import" || !r.StartedAt.Equal(*r.CompletedAt) {
			t.Errorf("response %+v: want the channel import, started when completed", r)
		}
	}
	first := times[time.Date(2026, 11, 30, 17, 54, 3, 0, ict).UTC()]
	tet := times[time.Date(2026, 2, 1, 8, 5, 0, 0, ict).UTC()]
	summer := times[time.Date(2026, 6, 15, 9, 30, 0, 0, ict).UTC()]
	if len(l.Items) != 3 || first.CustomerID != lan.ID || tet.ID == "" || tet.CustomerID != "" || summer.ID == "" {
		t.Fatalf("got responses at %v; want 30/11 17:54 (Lan's), 01/02 08:05 and 15/06 09:30 in the workspace's zone", times)
	}
	if a := cx.AnswerMap(summer.Answers); *a["nps"].Score != 8 || a["criteria"].Scores["taste"] != 4 || a["improve"].Text != "Mùa hè đông, chờ lâu" {
		t.Errorf("got answers %+v; want NPS 8, taste 4 from its label, the comment", summer.Answers)
	}
	if a := cx.AnswerMap(first.Answers); len(a["quote"].Choices) != 1 || a["quote"].Choices[0] != "yes" {
		t.Errorf("got answers %+v; want the consent read from its label", first.Answers)
	}
	for _, f := range e.feedback(sv.ID) {
		if f.ResponseID == tet.ID && !f.OccurredAt.Equal(*tet.CompletedAt) {
			t.Errorf("answer %s at %v; want it dated with its response, %v", f.QuestionKey, f.OccurredAt, tet.CompletedAt)
		}
	}
	again, err := e.fb.ImportResponsesCSV(e.ctx, e.wsID, strings.NewReader(googleForms), feedback.ResponseFile{SurveyID: sv.ID})
	if err != nil || again.Added != 0 || again.Duplicates != 3 || again.BadRows != 8 {
		t.Errorf("a second import: got %+v, %v; want nothing added, 3 duplicates", again, err)
	}
}

func TestImportResponsesRefusesTheFile(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	for _, tc := range []struct {
		name, file, order, field string
	}{
		{"no timestamp column", "nps\n9\n", "", "columns"},
		{"an unknown column", "Timestamp,nps,Điểm\n30/11/2026 10:00,9,3\n", "", "columns[3]"},
		{"a question twice", "Timestamp,nps,Bạn có giới thiệu quán cho bạn bè không?\n30/11/2026 10:00,9,9\n", "", "columns[3]"},
		{"a bad date order", "Timestamp,nps\n30/11/2026 10:00,9\n", "ymd", "date_order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.fb.ImportResponsesCSV(e.ctx, e.wsID, strings.NewReader(tc.file), feedback.ResponseFile{SurveyID: sv.ID, DateOrder: tc.order})
			if e := cx.AsError(err); e == nil || e.Code != cx.Invalid || e.Field != tc.field {
				t.Errorf("got %v; want invalid on %s", err, tc.field)
			}
		})
	}
}

func TestParseTimestamp(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct {
		in, order string
		want      time.Time
	}{
		{"30/11/2026 17:54:03", feedback.DayFirst, time.Date(2026, 11, 30, 17, 54, 3, 0, ict)},
		{"1/2/2026 8:05:00", feedback.DayFirst, time.Date(2026, 2, 1, 8, 5, 0, 0, ict)},
		{"11/30/2026 17:54:03", feedback.MonthFirst, time.Date(2026, 11, 30, 17, 54, 3, 0, ict)},
		{"1/2/2026 8:05:00", feedback.MonthFirst, time.Date(2026, 1, 2, 8, 5, 0, 0, ict)},
		{"30/11/2026", feedback.DayFirst, time.Date(2026, 11, 30, 0, 0, 0, 0, ict)},
		{"30/11/2026 17:54", feedback.DayFirst, time.Date(2026, 11, 30, 17, 54, 0, 0, ict)},
		{"2026-11-30T10:54:03Z", feedback.DayFirst, time.Date(2026, 11, 30, 10, 54, 3, 0, time.UTC)},
		{"2026-11-30 17:54:03", feedback.DayFirst, time.Date(2026, 11, 30, 17, 54, 3, 0, ict)},
	} {
		got, err := feedback.ParseTimestamp(tc.in, ict, tc.order)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s (%s): got %v, %v; want %v", tc.in, tc.order, got, err, tc.want)
		}
	}
	for _, bad := range []string{"31/02/2026 10:00:00", "30/11/2026 24:00:00", "30-11-2026", "yesterday", "2026-13-01"} {
		if _, err := feedback.ParseTimestamp(bad, ict, feedback.DayFirst); cx.ErrorCode(err) != cx.Invalid {
			t.Errorf("%s: got %v; want it refused", bad, err)
		}
	}
}
