package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

// customerRefKinds maps the prefixes a customer reference may have in a
// path ("email:lan@example.vn") to identity kinds.
var customerRefKinds = map[string]string{
	"email": cx.IDEmail, "phone": cx.IDPhone, "user": cx.IDUser,
	"anonymous": cx.IDAnonymous, "zalo": cx.IDZalo, "loyalty": cx.IDLoyalty,
}

// customerByRef finds a customer by cxm's id or by "kind:value".
func (h *Handler) customerByRef(ctx context.Context, wsID, ref string) (cx.Customer, error) {
	if prefix, value, ok := strings.Cut(ref, ":"); ok {
		if kind, known := customerRefKinds[prefix]; known {
			return h.store.CustomerByIdentity(ctx, wsID, kind, value)
		}
	}
	return h.store.Customer(ctx, wsID, ref)
}

// customerFilterOf reads a customer list's filters from the query string:
// q, stage_id, city, seen_after, seen_before and trait.KEY=VALUE.
func customerFilterOf(q url.Values) (store.CustomerFilter, error) {
	f := store.CustomerFilter{Query: q.Get("q"), StageID: q.Get("stage_id"), City: q.Get("city")}
	var err error
	if f.SeenAfter, err = queryDate(q, "seen_after"); err != nil {
		return f, err
	}
	if f.SeenBefore, err = queryDate(q, "seen_before"); err != nil {
		return f, err
	}
	for k, vs := range q {
		if name, ok := strings.CutPrefix(k, "trait."); ok && len(vs) > 0 {
			if f.Traits == nil {
				f.Traits = map[string]string{}
			}
			f.Traits[name] = vs[0]
		}
	}
	return f, nil
}

// queryDate reads an optional date parameter; absent is the zero time.
func queryDate(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := cx.ParseDate(v)
	if err != nil {
		return t, cx.FieldErrorf(name, "%q is not a date: use YYYY-MM-DD or DD/MM/YYYY", v)
	}
	return t, nil
}

func (h *Handler) ListCustomers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	f, err := customerFilterOf(r.URL.Query())
	if err != nil {
		return err
	}
	q := analytics.CustomerQuery{Filter: f, Segment: r.URL.Query().Get("segment"), Churn: r.URL.Query().Get("churn")}
	l, err := h.measure.Customers(r.Context(), p.WorkspaceID, q, page)
	return httpio.RespondList(w, l, err)
}

// customerWithMeasures is a profile with its RFM scores and churn risk.
type customerWithMeasures struct {
	cx.Customer
	analytics.CustomerMeasures
}

func (h *Handler) GetCustomer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.customerByRef(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := h.measure.CustomerMeasuresOf(r.Context(), p.WorkspaceID, c)
	return httpio.Respond(w, http.StatusOK, customerWithMeasures{c, m}, err)
}

func (h *Handler) CustomerTimeline(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	c, err := h.customerByRef(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	l, err := h.store.Timeline(r.Context(), p.WorkspaceID, c.ID, page)
	return httpio.RespondList(w, l, err)
}

// traitsPatch is the body of PATCH /api/v1/customers/{id}.
type traitsPatch struct {
	Traits map[string]any `json:"traits"`
}

func (h *Handler) PatchCustomer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.customerByRef(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	var body traitsPatch
	if err := httpio.DecodeJSON(w, r, &body); err != nil {
		return err
	}
	c, err = h.store.UpdateCustomerTraits(r.Context(), p.WorkspaceID, c.ID, body.Traits)
	return httpio.Respond(w, http.StatusOK, c, err)
}

// consentsBody is the body of PUT /api/v1/customers/{id}/consents.
type consentsBody struct {
	Consents []struct {
		Purpose string `json:"purpose"`
		Channel string `json:"channel"`
		Granted bool   `json:"granted"`
	} `json:"consents"`
}

// putConsents records consent answers; pairs not sent keep theirs.
func (h *Handler) PutConsents(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.customerByRef(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	var body consentsBody
	if err := httpio.DecodeJSON(w, r, &body); err != nil {
		return err
	}
	now := time.Now().UTC()
	consents := make([]cx.Consent, len(body.Consents))
	for i, k := range body.Consents {
		consents[i] = cx.Consent{Purpose: k.Purpose, Channel: k.Channel, Granted: k.Granted, Source: "api", UpdatedAt: now}
	}
	if err := h.store.SetConsents(r.Context(), p.WorkspaceID, c.ID, consents); err != nil {
		return err
	}
	c, err = h.store.Customer(r.Context(), p.WorkspaceID, c.ID)
	return httpio.Respond(w, http.StatusOK, c, err)
}

func (h *Handler) DeleteCustomer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.customerByRef(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return httpio.NoContent(w, h.store.DeleteCustomer(r.Context(), p.WorkspaceID, c.ID))
}
