package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// uiIngest sends events to the workspace through the pipeline.
func (a *uiApp) uiIngest(wsID string, events ...cx.Event) {
	a.t.Helper()
	now := time.Now().UTC()
	for i := range events {
		events[i].MessageID = secret.RandomToken(8)
		events[i].Timestamp, events[i].ReceivedAt = now, now
	}
	if _, err := a.srv.ingest.Ingest(context.Background(), wsID, events); err != nil {
		a.t.Fatal(err)
	}
}

func TestUIEventDataPagesRender(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	board := c.url
	for lang, words := range map[string][]string{"vi": {"Quy tắc gắn điểm chạm", "Bất kỳ"}, "en": {"Mapping rules", "Any"}} {
		c.get(board)
		c.post("/language", url.Values{"lang": {lang}, "next": {board}}).want(200)
		for _, path := range []string{"/unmapped-events", "/mapping-rules", "/stage-rules", "/identity-conflicts", "/identity-conflicts?status=all"} {
			c.get(path).want(200, words[0])
			if strings.Contains(c.body, "<no value>") || strings.Contains(c.body, "%!") {
				t.Errorf("%s (%s): template output has a formatting mistake", path, lang)
			}
		}
		c.get("/mapping-rules").want(200, words[1])
	}
}

func TestUIMapUnmappedEvent(t *testing.T) {
	a := uiStart(t)
	c := a.setup("en")
	ws := uiWorkspace(t, a)
	a.uiIngest(ws, cx.Event{Type: cx.EventTrack, Name: "Workshop Booked", AnonymousID: "v1", Properties: map[string]any{"source": "fanpage"}},
		cx.Event{Type: cx.EventTrack, Name: "Workshop Booked", AnonymousID: "v2", Properties: map[string]any{"source": "fanpage"}})
	c.get("/unmapped-events").want(200, "Workshop Booked", "fanpage")
	tps, _ := a.store.Touchpoints(context.Background(), ws, storeFilterNone, storePageAll)
	events := tps.Items[3]
	c.post("/unmapped-events/map", url.Values{"event_type": {"track"}, "event_name": {"Workshop Booked"}, "touchpoint_id": {events.ID}}).want(200)
	if strings.Contains(c.text(), "Workshop Booked") {
		t.Error("the mapped group is still listed")
	}
	c.get("/mapping-rules").want(200, "Workshop Booked", events.Name.En)
	// A rule without conditions is refused with the field marked.
	c.post("/mapping-rules", url.Values{"touchpoint_id": {events.ID}}).want(400, "at least one condition")
	if !strings.Contains(c.body, `aria-invalid="true"`) {
		t.Error("the form error is not tied to a field")
	}
}

var uiRuleRow = regexp.MustCompile(`<li class="list-item" id="rule-([^"]+)">`)

func TestUIRulesMoveEditDelete(t *testing.T) {
	a := uiStart(t)
	c := a.setup("en")
	c.get("/stage-rules").want(200, "Order Completed")
	rows := uiRuleRow.FindAllStringSubmatch(c.body, -1)
	if len(rows) < 4 {
		t.Fatalf("got %d stage rules, want the defaults", len(rows))
	}
	first, second := rows[0][1], rows[1][1]
	c.post("/stage-rules/"+first+"/move", url.Values{"position": {"1"}}).want(200)
	rows = uiRuleRow.FindAllStringSubmatch(c.body, -1)
	if rows[0][1] != second || rows[1][1] != first {
		t.Errorf("after moving down: got order %s %s, want %s %s", rows[0][1], rows[1][1], second, first)
	}
	c.get("/stage-rules/"+first).want(200, "Edit stage rule")
	form := url.Values{"event_name": {"Membership Renewed"}, "occurrence": {"1"}, "position": {"0"}}
	form.Set("stage_id", regexp.MustCompile(`<option value="(stg_[^"]+)" selected`).FindStringSubmatch(c.body)[1])
	c.post("/stage-rules/"+first, form).want(200, "Membership Renewed")
	c.post("/stage-rules/"+first, url.Values{"event_name": {"X"}, "occurrence": {"lots"}, "stage_id": {form.Get("stage_id")}}).want(400, "whole number")
	c.get("/stage-rules")
	c.post("/stage-rules/"+first+"/delete", url.Values{}).want(200)
	if strings.Contains(c.text(), "Membership Renewed") {
		t.Error("the deleted rule is still listed")
	}
}

func TestUIResolveConflict(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	ws := uiWorkspace(t, a)
	for _, u := range []string{"u1", "u2"} {
		a.uiIngest(ws, cx.Event{Type: cx.EventIdentify, UserID: u, Traits: map[string]any{"email": "chung@example.vn", "name": "Khách " + u}})
	}
	c.get("/identity-conflicts").want(200, "chung@example.vn", "Khách u1", "Khách u2", "Gộp làm một")
	id := regexp.MustCompile(`/identity-conflicts/([^/]+)/resolve`).FindStringSubmatch(c.body)[1]
	c.post("/identity-conflicts/"+id+"/resolve", url.Values{"action": {"merge"}}).want(200, "Không có xung đột nào")
	c.get("/identity-conflicts?status=merged").want(200, "chung@example.vn", "Đã gộp")
	u1, _ := a.store.CustomerByIdentity(context.Background(), ws, cx.IDUser, "u1")
	u2, _ := a.store.CustomerByIdentity(context.Background(), ws, cx.IDUser, "u2")
	if u1.ID == "" || u1.ID != u2.ID {
		t.Errorf("u1 is %s and u2 is %s, want one customer", u1.ID, u2.ID)
	}
}

var (
	storeFilterNone = store.TouchpointFilter{}
	storePageAll    = store.Page{Limit: store.MaxLimit}
)

// seedEventDataInto sends a workspace an event no rule maps and two users
// who give the same email, for the browser test.
func seedEventDataInto(t *testing.T, srv *Server, wsID string) {
	t.Helper()
	now := time.Now().UTC()
	ev := func(e cx.Event) cx.Event {
		e.MessageID, e.Timestamp, e.ReceivedAt = secret.RandomToken(8), now, now
		return e
	}
	events := []cx.Event{
		ev(cx.Event{Type: cx.EventTrack, Name: "Đặt lịch hội thảo", AnonymousID: "khach-1", Properties: map[string]any{"source": "zalo-oa"}}),
		ev(cx.Event{Type: cx.EventIdentify, UserID: "kh-1", Traits: map[string]any{"name": "Trần Thị Mai", "email": "mai@example.vn"}}),
		ev(cx.Event{Type: cx.EventIdentify, UserID: "kh-2", Traits: map[string]any{"name": "Trần Mai", "email": "mai@example.vn"}}),
	}
	if _, err := srv.ingest.Ingest(context.Background(), wsID, events); err != nil {
		t.Fatal(err)
	}
}
