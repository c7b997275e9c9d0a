package store

import (
	"context"
	"database/sql"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/phone"
)

const customerColumns = `customer_id, COALESCE(user_id, ''), full_name, given_name, salutation, email, phone, birthday, city, traits,
	first_seen, last_seen, events, page_views, time_on_page_ms, products_viewed, orders, CAST(revenue_vnd AS BIGINT), revenue_other,
	first_order_at, last_order_at, created_at, updated_at, COALESCE(csm_owner, '')`

// scanCustomer reads a customer row. revenue_vnd is cast because SQLite
// turned an INTEGER that overflowed into a REAL, which reads into no int64.
func (c conn) scanCustomer(row scanner) (cx.Customer, error) {
	var cust cx.Customer
	var traits, other string
	var firstSeen, lastSeen, firstOrder, lastOrder sql.NullInt64
	var created, updated int64
	sm := &cust.Summary
	err := row.Scan(&cust.ID, &cust.UserID, &cust.FullName, &cust.GivenName, &cust.Salutation, &cust.Email, &cust.Phone, &cust.Birthday, &cust.City, &traits,
		&firstSeen, &lastSeen, &sm.Events, &sm.PageViews, &sm.TimeOnPageMS, &sm.ProductsViewed, &sm.Orders, &sm.RevenueVND, &other,
		&firstOrder, &lastOrder, &created, &updated, &cust.CSMOwner)
	if err != nil {
		return cust, err
	}
	cust.CreatedAt, cust.UpdatedAt = fromMS(created), fromMS(updated)
	sm.FirstSeen, sm.LastSeen = optionalTime(firstSeen), optionalTime(lastSeen)
	sm.FirstOrderAt, sm.LastOrderAt = optionalTime(firstOrder), optionalTime(lastOrder)
	cust.Traits = c.odd.object(traits, "customers.traits", cust.ID)
	c.odd.decode(other, &sm.RevenueOther, "customers.revenue_other", cust.ID)
	return cust, nil
}

// Customer returns one profile whole: its identities, where it stands in
// each journey, its summary and the profiles merged into it.
func (s *Store) Customer(ctx context.Context, wsID, id string) (cx.Customer, error) {
	r := s.reader()
	c, err := r.scanCustomer(r.queryRow(ctx, `SELECT `+customerColumns+` FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, id))
	if err != nil {
		return cx.Customer{}, notFound(err, "customer")
	}
	if c.Identities, err = customerIdentities(ctx, r, wsID, id); err != nil {
		return cx.Customer{}, err
	}
	if c.Stages, err = customerStages(ctx, r, wsID, id); err != nil {
		return cx.Customer{}, err
	}
	if c.Merges, err = customerMerges(ctx, r, wsID, id); err != nil {
		return cx.Customer{}, err
	}
	if c.Consents, err = customerConsents(ctx, r, wsID, id); err != nil {
		return cx.Customer{}, err
	}
	return c, nil
}

// CustomerByIdentity finds the customer an identity belongs to. Emails and
// phone numbers are normalised first, as ingestion stores them.
func (s *Store) CustomerByIdentity(ctx context.Context, wsID, kind, value string) (cx.Customer, error) {
	v, err := NormalizeIdentity(kind, value)
	if err != nil {
		return cx.Customer{}, err
	}
	var id string
	err = s.reader().queryRow(ctx, `SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?`, wsID, kind, v).Scan(&id)
	if err != nil {
		return cx.Customer{}, notFound(err, "customer")
	}
	return s.Customer(ctx, wsID, id)
}

// NormalizeIdentity checks an identity kind and puts its value in the form
// identities are stored in: emails lower-cased, phones in E.164, other
// values trimmed.
func NormalizeIdentity(kind, value string) (string, error) {
	value = strings.TrimSpace(value)
	switch kind {
	case cx.IDEmail:
		return cx.NormalizeEmail(value)
	case cx.IDPhone:
		return phone.Normalize(value)
	case cx.IDUser, cx.IDAnonymous, cx.IDZalo, cx.IDLoyalty, cx.IDOther:
		if value == "" || len(value) > 200 {
			return "", cx.FieldErrorf("value", "an identity value must have 1 to 200 characters")
		}
		return value, nil
	}
	return "", cx.FieldErrorf("kind", "identity kind must be one of %s", strings.Join(cx.IdentityKinds, ", "))
}

func customerIdentities(ctx context.Context, c conn, wsID, id string) ([]cx.Identity, error) {
	return collect(ctx, c, scanIdentity, `SELECT kind, value FROM identities WHERE workspace_id = ? AND customer_id = ? ORDER BY kind, created_at, value`, wsID, id)
}

func scanIdentity(row scanner) (cx.Identity, error) {
	var i cx.Identity
	err := row.Scan(&i.Kind, &i.Value)
	return i, err
}

func customerStages(ctx context.Context, c conn, wsID, id string) ([]cx.CustomerStage, error) {
	return collect(ctx, c, scanCustomerStage, `SELECT journey_id, stage_id, entered_at, event_id FROM customer_stages
		WHERE workspace_id = ? AND customer_id = ? ORDER BY journey_id`, wsID, id)
}

func scanCustomerStage(row scanner) (cx.CustomerStage, error) {
	var st cx.CustomerStage
	var entered int64
	err := row.Scan(&st.JourneyID, &st.StageID, &entered, &st.EventID)
	st.EnteredAt = fromMS(entered)
	return st, err
}

func customerMerges(ctx context.Context, c conn, wsID, id string) ([]cx.CustomerMerge, error) {
	return collect(ctx, c, scanCustomerMerge, `SELECT merge_id, merged_id, reason, COALESCE(event_id, ''), merged_at FROM customer_merges
		WHERE workspace_id = ? AND survivor_id = ? ORDER BY merged_at DESC, merge_id DESC`, wsID, id)
}

func scanCustomerMerge(row scanner) (cx.CustomerMerge, error) {
	var m cx.CustomerMerge
	var at int64
	err := row.Scan(&m.ID, &m.MergedID, &m.Reason, &m.EventID, &at)
	m.MergedAt = fromMS(at)
	return m, err
}

// DeleteCustomer removes a customer and everything about them: identities,
// events, orders, stages, transitions, merges and identity conflicts. It is
// how a person's "forget me" request is honoured, so nothing is left behind.
func (s *Store) DeleteCustomer(ctx context.Context, wsID, id string) error {
	return s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "customers", "customer_id", wsID, id, "customer"); err != nil {
			return err
		}
		for _, q := range deleteCustomerSQL {
			args := []any{wsID, id}
			if strings.Count(q, "?") == 3 {
				args = append(args, id)
			}
			if _, err := c.exec(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// deleteCustomerSQL removes a customer's rows, children first, so that it
// does not depend on foreign keys being enforced.
var deleteCustomerSQL = []string{
	`DELETE FROM identities WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM stage_transitions WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customer_stages WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM orders WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM events WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customer_merges WHERE workspace_id = ? AND (survivor_id = ? OR merged_id = ?)`,
	`DELETE FROM identity_conflicts WHERE workspace_id = ? AND (customer_id = ? OR claimant_id = ?)`,
	`DELETE FROM customer_stage_reached WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customer_touches WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customer_orders WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customer_order_months WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customer_milestones WHERE workspace_id = ? AND customer_id = ?`,
	`DELETE FROM customers WHERE workspace_id = ? AND customer_id = ?`,
}

// errIdentityTaken is the conflict of an edit that gives a customer an
// email or phone another customer already has.
func errIdentityTaken(kind string) error {
	return cx.FieldConflictf(kind, "another customer already has this %s", kind)
}
