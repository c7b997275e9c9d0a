package ui

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// CustomerPageSize is how many customers and timeline items a page shows.
const CustomerPageSize = 25

// seenWithin are the "last seen" choices of the list's filter, in days.
var seenWithin = []string{"7", "30", "90", "365"}

// customerList is the customers page: its filter, one page of customers
// and the link to the next.
type customerList struct {
	Query, StageID, City, Seen string
	SeenChoices                []string
	Segment, Churn             string   // the measures behind a number (analytics.CustomerQuery)
	Segments                   []string // the RFM segments to choose from
	Journeys                   []cx.Journey
	Stages                     map[string]cx.Stage
	Customers                  []cx.Customer
	Next                       string // URL of the next page, or ""
}

func (h *Handler) Customers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q := r.URL.Query()
	v := customerList{Query: q.Get("q"), StageID: q.Get("stage"), City: q.Get("city"), Seen: q.Get("seen"), SeenChoices: seenWithin,
		Segment: q.Get("segment"), Churn: q.Get("churn"), Segments: analytics.SegmentNames()}
	f := store.CustomerFilter{Query: v.Query, StageID: v.StageID, City: v.City}
	if slices.Contains(seenWithin, v.Seen) {
		days, _ := strconv.Atoi(v.Seen)
		f.SeenAfter = time.Now().AddDate(0, 0, -days)
	}
	var err error
	if v.Journeys, err = h.allJourneys(r.Context(), p.WorkspaceID); err != nil {
		return err
	}
	v.Stages = stageIndex(v.Journeys)
	l, err := h.measure.Customers(r.Context(), p.WorkspaceID, analytics.CustomerQuery{Filter: f, Segment: v.Segment, Churn: v.Churn},
		store.Page{After: q.Get("after"), Limit: CustomerPageSize})
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "customers", "customers.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	v.Customers = l.Items
	if l.Next != "" {
		q.Set("after", l.Next)
		v.Next = "/customers?" + q.Encode()
	}
	h.pages.Render(w, r, p, http.StatusOK, "customers", "customers.title", v, nil)
	return nil
}

// customerProfile is the profile page of one customer.
type customerProfile struct {
	C        cx.Customer
	Traits   []traitRow // the traits without a column of their own, sorted
	Stages   []customerStageRow
	Orders   []cx.Order
	Timeline []cx.TimelineItem
	Next     string // URL of the timeline's next page, or ""
	Names    map[string]cx.Text
	Form     customerForm
	Consents []consentRow
	Success  *customerSuccess // the CSM owner and milestones (alerts.go)

	// AspectNames names the workspace's own aspects on the timeline.
	AspectNames map[string]cx.Text
}

// consentRow is one purpose with the customer's answer for each channel:
// "granted", "refused" or "" when never asked.
type consentRow struct {
	Purpose string
	Cells   []consentCell
}

type consentCell struct{ Channel, State string }

// consentRows lays out every purpose and channel, asked or not.
func consentRows(given []cx.Consent) []consentRow {
	state := map[string]string{}
	for _, k := range given {
		state[k.Purpose+"."+k.Channel] = map[bool]string{true: "granted", false: "refused"}[k.Granted]
	}
	var rows []consentRow
	for _, purpose := range cx.ConsentPurposes {
		row := consentRow{Purpose: purpose}
		for _, channel := range cx.ConsentChannels {
			row.Cells = append(row.Cells, consentCell{channel, state[purpose+"."+channel]})
		}
		rows = append(rows, row)
	}
	return rows
}

// saveConsents records the answers the consent form changed.
func (h *Handler) SaveConsents(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.store.Customer(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	current := consentRows(c.Consents)
	var changed []cx.Consent
	for _, row := range current {
		for _, cell := range row.Cells {
			v := r.PostFormValue("consent." + row.Purpose + "." + cell.Channel)
			if (v == "granted" || v == "refused") && v != cell.State {
				changed = append(changed, cx.Consent{Purpose: row.Purpose, Channel: cell.Channel, Granted: v == "granted", Source: "dashboard", UpdatedAt: now})
			}
		}
	}
	if err := h.store.SetConsents(r.Context(), p.WorkspaceID, c.ID, changed); err != nil {
		return err
	}
	view.Redirect(w, r, "/customers/"+c.ID+"#h-consent", "saved")
	return nil
}

type traitRow struct{ Key, Value string }

// customerStageRow is where the customer stands in one journey.
type customerStageRow struct {
	Journey, Stage cx.Text
	EnteredAt      time.Time
}

// customerForm is the edit form of a customer's profile traits.
type customerForm struct {
	FullName, GivenName, Salutation, Email, Phone, Birthday, City string
}

func (h *Handler) Customer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.store.Customer(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := h.profileOf(r, p, c)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "customer", "customer.title", v, nil)
	return nil
}

// profileOf gathers what the profile page shows about c.
func (h *Handler) profileOf(r *http.Request, p *account.Principal, c cx.Customer) (*customerProfile, error) {
	ctx := r.Context()
	v := &customerProfile{C: c, Form: customerForm{c.FullName, c.GivenName, c.Salutation, c.Email, c.Phone, c.Birthday, c.City},
		Consents: consentRows(c.Consents)}
	for k, x := range c.Traits {
		v.Traits = append(v.Traits, traitRow{k, view.TraitText(x)})
	}
	sort.Slice(v.Traits, func(i, j int) bool { return v.Traits[i].Key < v.Traits[j].Key })
	journeys, err := h.allJourneys(ctx, p.WorkspaceID)
	if err != nil {
		return nil, err
	}
	v.Stages, v.Names = customerStageRows(journeys, c.Stages), map[string]cx.Text{}
	if v.Success, err = h.customerSuccessOf(ctx, p.WorkspaceID, c.ID); err != nil {
		return nil, err
	}
	if v.Orders, err = h.store.CustomerOrders(ctx, p.WorkspaceID, c.ID, 20); err != nil {
		return nil, err
	}
	tl, err := h.store.Timeline(ctx, p.WorkspaceID, c.ID, store.Page{After: r.URL.Query().Get("after"), Limit: CustomerPageSize})
	if err != nil {
		return nil, err
	}
	v.Timeline = tl.Items
	text, err := h.textChoices(ctx, p.WorkspaceID)
	if err != nil {
		return nil, err
	}
	v.AspectNames = text.Names
	if tl.Next != "" {
		v.Next = "/customers/" + url.PathEscape(c.ID) + "?after=" + url.QueryEscape(tl.Next) + "#timeline"
	}
	tps, err := h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{})
	if err != nil {
		return nil, err
	}
	for _, tp := range tps {
		v.Names[tp.ID] = tp.Name
	}
	return v, nil
}

// customerStageRows names the journey and stage of each of the customer's stages.
func customerStageRows(journeys []cx.Journey, stages []cx.CustomerStage) []customerStageRow {
	var out []customerStageRow
	for _, cs := range stages {
		for _, j := range journeys {
			for _, st := range j.Stages {
				if st.ID == cs.StageID {
					out = append(out, customerStageRow{Journey: j.Name, Stage: st.Name, EnteredAt: cs.EnteredAt})
				}
			}
		}
	}
	return out
}

// saveCustomer applies the edit form. Emptied fields are cleared.
func (h *Handler) SaveCustomer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.store.Customer(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := customerForm{v("full_name"), v("given_name"), v("salutation"), v("email"), v("phone"), v("birthday"), v("city")}
	traits := map[string]any{
		cx.TraitFullName: f.FullName, cx.TraitGivenName: f.GivenName, cx.TraitSalutation: f.Salutation,
		cx.TraitEmail: f.Email, cx.TraitPhone: f.Phone, cx.TraitBirthday: f.Birthday, cx.TraitCity: f.City,
	}
	if _, err := h.store.UpdateCustomerTraits(r.Context(), p.WorkspaceID, c.ID, traits); err != nil {
		status, ok := formError(err)
		if !ok {
			return err
		}
		pv, perr := h.profileOf(r, p, c)
		if perr != nil {
			return perr
		}
		pv.Form = f
		h.pages.Render(w, r, p, status, "customer", "customer.title", pv, err)
		return nil
	}
	view.Redirect(w, r, "/customers/"+url.PathEscape(c.ID), "saved")
	return nil
}

func (h *Handler) DeleteCustomer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.store.DeleteCustomer(r.Context(), p.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	view.Redirect(w, r, "/customers", "deleted")
	return nil
}
