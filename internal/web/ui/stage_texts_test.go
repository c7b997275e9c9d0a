package ui_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// TestUIStageTextsInBothLanguages: a stage's desired emotions and actions
// keep both languages, and the English pages show the English ones (they
// showed the Vietnamese ones to everybody).
func TestUIStageTextsInBothLanguages(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	js, _ := a.Store.Journeys(context.Background(), ws, store.Page{})
	j := js.Items[0]
	board := "/journeys/" + j.ID + "/board"
	c.Get(board).Want(200, "Tò mò", "Theo dõi trang mạng xã hội")
	if strings.Contains(c.Text(), "Curious") {
		t.Error("the Vietnamese board shows the English emotion")
	}
	c.Post("/language", url.Values{"lang": {"en"}, "next": {board}}).Want(200, "Curious", "Follow the social page")
	if strings.Contains(c.Text(), "Tò mò") {
		t.Error("the English board shows the Vietnamese emotion")
	}

	// The edit form keeps the two languages line by line.
	c.Get("/journeys/" + j.ID).Want(200)
	form := url.Values{"name_vi": {j.Name.Vi}, "name_en": {j.Name.En}, "op": {"save"}}
	for i, st := range j.Stages {
		form.Add("stage_id", st.ID)
		form.Add("stage_key", st.Key)
		form.Add("stage_name_vi", st.Name.Vi)
		form.Add("stage_name_en", st.Name.En)
		form.Add("stage_phase", st.Phase)
		form.Add("stage_owner", st.Owner)
		emVi, emEn, acVi, acEn := "", "", "", ""
		if i == 0 {
			emVi, emEn, acVi, acEn = "Vui\r\nAn tâm", "Happy\r\n", "Ghé quán", "Visit the café"
		}
		form.Add("stage_emotions", emVi)
		form.Add("stage_emotions_en", emEn)
		form.Add("stage_actions", acVi)
		form.Add("stage_actions_en", acEn)
	}
	c.Post("/journeys/"+j.ID, form).Want(200)
	got, _ := a.Store.Journey(context.Background(), ws, j.ID)
	want := cx.Texts{{Vi: "Vui", En: "Happy"}, {Vi: "An tâm"}}
	if st := got.Stages[0]; len(st.DesiredEmotions) != 2 || st.DesiredEmotions[0] != want[0] || st.DesiredEmotions[1] != want[1] ||
		len(st.DesiredActions) != 1 || st.DesiredActions[0] != (cx.Text{Vi: "Ghé quán", En: "Visit the café"}) {
		t.Fatalf("got %+v and %+v, want the lines paired", st.DesiredEmotions, st.DesiredActions)
	}
	c.Get(board).Want(200, "Happy", "An tâm", "Visit the café")
	c.Get("/journeys/" + j.ID).Want(200)
	if !strings.Contains(c.Body, ">Vui\nAn tâm</textarea>") || !strings.Contains(c.Body, ">Happy</textarea>") {
		t.Error("the edit form does not show the lines of both languages")
	}
}
