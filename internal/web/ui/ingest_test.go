package ui_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

func TestUIEventDataPagesRender(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	board := c.URL
	for lang, words := range map[string][]string{"vi": {"Quy tắc gắn điểm chạm", "Bất kỳ"}, "en": {"Mapping rules", "Any"}} {
		c.Get(board)
		c.Post("/language", url.Values{"lang": {lang}, "next": {board}}).Want(200)
		for _, path := range []string{"/unmapped-events", "/mapping-rules", "/stage-rules", "/identity-conflicts", "/identity-conflicts?status=all"} {
			c.Get(path).Want(200, words[0])
			if strings.Contains(c.Body, "<no value>") || strings.Contains(c.Body, "%!") {
				t.Errorf("%s (%s): template output has a formatting mistake", path, lang)
			}
		}
		c.Get("/mapping-rules").Want(200, words[1])
	}
}

func TestUIMapUnmappedEvent(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("en")
	ws := uiWorkspace(t, a)
	a.IngestNow(ws, cx.Event{Type: cx.EventTrack, Name: "Workshop Booked", AnonymousID: "v1", Properties: map[string]any{"source": "fanpage"}},
		cx.Event{Type: cx.EventTrack, Name: "Workshop Booked", AnonymousID: "v2", Properties: map[string]any{"source": "fanpage"}})
	c.Get("/unmapped-events").Want(200, "Workshop Booked", "fanpage")
	tps, _ := a.Store.Touchpoints(context.Background(), ws, storeFilterNone, storePageAll)
	events := tps.Items[3]
	c.Post("/unmapped-events/map", url.Values{"event_type": {"track"}, "event_name": {"Workshop Booked"}, "touchpoint_id": {events.ID}}).Want(200)
	if strings.Contains(c.Text(), "Workshop Booked") {
		t.Error("the mapped group is still listed")
	}
	c.Get("/mapping-rules").Want(200, "Workshop Booked", events.Name.En)
	// A rule without conditions is refused with the field marked.
	c.Post("/mapping-rules", url.Values{"touchpoint_id": {events.ID}}).Want(400, "at least one condition")
	if !strings.Contains(c.Body, `aria-invalid="true"`) {
		t.Error("the form error is not tied to a field")
	}
}

var uiRuleRow = regexp.MustCompile(`<li class="list-item" id="rule-([^"]+)">`)

func TestUIRulesMoveEditDelete(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("en")
	c.Get("/stage-rules").Want(200, "Order Completed")
	rows := uiRuleRow.FindAllStringSubmatch(c.Body, -1)
	if len(rows) < 4 {
		t.Fatalf("got %d stage rules, want the defaults", len(rows))
	}
	first, second := rows[0][1], rows[1][1]
	c.Post("/stage-rules/"+first+"/move", url.Values{"position": {"1"}}).Want(200)
	rows = uiRuleRow.FindAllStringSubmatch(c.Body, -1)
	if rows[0][1] != second || rows[1][1] != first {
		t.Errorf("after moving down: got order %s %s, want %s %s", rows[0][1], rows[1][1], second, first)
	}
	c.Get("/stage-rules/"+first).Want(200, "Edit stage rule")
	form := url.Values{"event_name": {"Membership Renewed"}, "occurrence": {"1"}, "position": {"0"}}
	form.Set("stage_id", regexp.MustCompile(`<option value="(stg_[^"]+)" selected`).FindStringSubmatch(c.Body)[1])
	c.Post("/stage-rules/"+first, form).Want(200, "Membership Renewed")
	c.Post("/stage-rules/"+first, url.Values{"event_name": {"X"}, "occurrence": {"lots"}, "stage_id": {form.Get("stage_id")}}).Want(400, "whole number")
	c.Get("/stage-rules")
	c.Post("/stage-rules/"+first+"/delete", url.Values{}).Want(200)
	if strings.Contains(c.Text(), "Membership Renewed") {
		t.Error("the deleted rule is still listed")
	}
}

func TestUIResolveConflict(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	for _, u := range []string{"u1", "u2"} {
		a.IngestNow(ws, cx.Event{Type: cx.EventIdentify, UserID: u, Traits: map[string]any{"email": "chung@example.vn", "name": "Khách " + u}})
	}
	c.Get("/identity-conflicts").Want(200, "chung@example.vn", "Khách u1", "Khách u2", "Gộp làm một")
	id := regexp.MustCompile(`/identity-conflicts/([^/]+)/resolve`).FindStringSubmatch(c.Body)[1]
	c.Post("/identity-conflicts/"+id+"/resolve", url.Values{"action": {"merge"}}).Want(200, "Không có xung đột nào")
	c.Get("/identity-conflicts?status=merged").Want(200, "chung@example.vn", "Đã gộp")
	u1, _ := a.Store.CustomerByIdentity(context.Background(), ws, cx.IDUser, "u1")
	u2, _ := a.Store.CustomerByIdentity(context.Background(), ws, cx.IDUser, "u2")
	if u1.ID == "" || u1.ID != u2.ID {
		t.Errorf("u1 is %s and u2 is %s, want one customer", u1.ID, u2.ID)
	}
}

var (
	storeFilterNone = store.TouchpointFilter{}
	storePageAll    = store.Page{Limit: store.MaxLimit}
)
