package store

import (
	"database/sql"
	"time"

	"cxm/internal/cx"
)

// MergedTables are the tables whose rows follow a customer merged into
// another: everything that holds a customer_id, except the customer's own
// row, its current stages (recomputed by the pipeline) and the merge and
// conflict records (handled by Merge), and consents (moveConsents keeps the
// newer answer of each pair). A new table with a customer_id must be added
// here, or a merge would lose its rows.
var MergedTables = []string{"identities", "events", "orders", "stage_transitions", "invitations", "responses", "feedback"}

// Merge moves everything of customer loser to survivor and deletes loser:
// identities, events, orders, transitions, summary counters and the traits
// survivor lacks. It records the merge, so that the profile shows it.
func (tx *IngestTx) Merge(wsID, loser, survivor, reason, eventID string) error {
	if loser == survivor {
		return nil
	}
	old, err := tx.c.scanCustomer(tx.queryRow(`SELECT `+customerColumns+` FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, loser))
	if err != nil {
		return notFound(err, "customer")
	}
	for _, table := range MergedTables {
		if _, err := tx.exec(`UPDATE `+table+` SET customer_id = ? WHERE workspace_id = ? AND customer_id = ?`, survivor, wsID, loser); err != nil {
			return err
		}
	}
	if err := tx.AddSummary(wsID, survivor, deltaOf(old.Summary)); err != nil {
		return err
	}
	if err := tx.fillProfile(wsID, survivor, old); err != nil {
		return err
	}
	if err := tx.moveRecords(wsID, loser, survivor); err != nil {
		return err
	}
	if err := tx.moveConsents(wsID, loser, survivor); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM customer_stages WHERE workspace_id = ? AND customer_id = ?`,
		`DELETE FROM customers WHERE workspace_id = ? AND customer_id = ?`,
	} {
		if _, err := tx.exec(q, wsID, loser); err != nil {
			return err
		}
	}
	_, err = tx.exec(`INSERT INTO customer_merges (workspace_id, merge_id, survivor_id, merged_id, reason, event_id, merged_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, wsID, tx.s.ids.New("mrg"), survivor, loser, reason, nullable(eventID), ms(now()))
	return err
}

// deltaOf turns a whole summary into a delta, to add it to another.
func deltaOf(s cx.Summary) SummaryDelta {
	at := func(t *time.Time) int64 {
		if t == nil {
			return 0
		}
		return ms(*t)
	}
	return SummaryDelta{Events: s.Events, PageViews: s.PageViews, TimeOnPageMS: s.TimeOnPageMS, ProductsViewed: s.ProductsViewed,
		Orders: s.Orders, RevenueVND: s.RevenueVND, RevenueOther: s.RevenueOther,
		FirstSeen: at(s.FirstSeen), LastSeen: at(s.LastSeen), FirstOrder: at(s.FirstOrderAt), LastOrder: at(s.LastOrderAt)}
}

// fillProfile gives survivor the traits of old it does not have.
func (tx *IngestTx) fillProfile(wsID, survivor string, old cx.Customer) error {
	var cur string
	err := tx.queryRow(`SELECT traits FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, survivor).Scan(&cur)
	if err != nil {
		return notFound(err, "customer")
	}
	traits := tx.c.odd.object(cur, "customers.traits", survivor)
	for k, v := range old.Traits {
		if _, ok := traits[k]; !ok {
			traits[k] = v
		}
	}
	fill := func(column string) string {
		return column + ` = CASE WHEN ` + column + ` = '' THEN ? ELSE ` + column + ` END`
	}
	_, err = tx.exec(`UPDATE customers SET user_id = COALESCE(user_id, ?), `+fill("full_name")+`, `+fill("given_name")+`, `+
		fill("salutation")+`, `+fill("email")+`, `+fill("phone")+`, `+fill("birthday")+`, `+fill("city")+`, traits = ?
		WHERE workspace_id = ? AND customer_id = ?`, nullable(old.UserID), old.FullName, old.GivenName, old.Salutation, old.Email, old.Phone,
		old.Birthday, old.City, toJSON(traits), wsID, survivor)
	if err != nil {
		return err
	}
	return reindexCustomer(tx.ctx, tx.c, wsID, survivor)
}

// moveRecords points earlier merges and open conflicts at the survivor; a
// conflict between the two merged profiles is settled by the merge.
func (tx *IngestTx) moveRecords(wsID, loser, survivor string) error {
	for _, q := range []string{
		`UPDATE customer_merges SET survivor_id = ? WHERE workspace_id = ? AND survivor_id = ?`,
		`UPDATE identity_conflicts SET customer_id = ? WHERE workspace_id = ? AND customer_id = ?`,
		`UPDATE identity_conflicts SET claimant_id = ? WHERE workspace_id = ? AND claimant_id = ?`,
	} {
		if _, err := tx.exec(q, survivor, wsID, loser); err != nil {
			return err
		}
	}
	_, err := tx.exec(`UPDATE identity_conflicts SET status = ?, resolved_at = ?
		WHERE workspace_id = ? AND customer_id = ? AND claimant_id = ? AND status = ?`,
		cx.ConflictMerged, ms(now()), wsID, survivor, survivor, cx.ConflictOpen)
	return err
}

// EventRef is an event's id, name and time, for replaying stage rules.
type EventRef struct {
	ID, Name string
	At       time.Time
}

// CustomerEventRefs returns a customer's events in the order they arrived.
func (tx *IngestTx) CustomerEventRefs(wsID, customerID string) ([]EventRef, error) {
	return collect(tx.ctx, tx.c, scanEventRef, `SELECT event_id, name, occurred_at FROM events WHERE workspace_id = ? AND customer_id = ? ORDER BY event_id`, wsID, customerID)
}

func scanEventRef(row scanner) (EventRef, error) {
	var r EventRef
	var at int64
	err := row.Scan(&r.ID, &r.Name, &at)
	r.At = fromMS(at)
	return r, err
}

// RecordConflict lists an identity that claimant claims but holder has,
// unless the same claim is already open.
func (tx *IngestTx) RecordConflict(wsID, kind, value, holder, claimant, eventID string) error {
	var one int
	err := tx.queryRow(`SELECT 1 FROM identity_conflicts WHERE workspace_id = ? AND kind = ? AND value = ? AND customer_id = ? AND claimant_id = ? AND status = ?`,
		wsID, kind, value, holder, claimant, cx.ConflictOpen).Scan(&one)
	if err == nil {
		return nil
	}
	if err != sql.ErrNoRows {
		return err
	}
	_, err = tx.exec(`INSERT INTO identity_conflicts (workspace_id, conflict_id, kind, value, customer_id, claimant_id, event_id, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, tx.s.ids.New("icf"), kind, value, holder, claimant, nullable(eventID), cx.ConflictOpen, ms(now()))
	return err
}

// OpenConflict returns an open conflict of the workspace, for resolving it.
func (tx *IngestTx) OpenConflict(wsID, id string) (cx.IdentityConflict, error) {
	c, err := scanConflict(tx.queryRow(`SELECT `+conflictColumns+` FROM identity_conflicts WHERE workspace_id = ? AND conflict_id = ?`, wsID, id))
	if err != nil {
		return c, notFound(err, "identity conflict")
	}
	if c.Status != cx.ConflictOpen {
		return c, cx.Errorf(cx.Conflict, "this conflict was already resolved (%s)", c.Status)
	}
	return c, nil
}

// CloseConflict marks a conflict merged or dismissed.
func (tx *IngestTx) CloseConflict(wsID, id, status string) error {
	res, err := tx.exec(`UPDATE identity_conflicts SET status = ?, resolved_at = ? WHERE workspace_id = ? AND conflict_id = ?`,
		status, ms(now()), wsID, id)
	return mustAffect(res, err, "identity conflict")
}
