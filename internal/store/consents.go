package store

import (
	"context"

	"cxm/internal/cx"
)

// SetConsents records a customer's answers, newest first: each replaces the
// answer for its purpose and channel, unless a later one is already stored.
func (s *Store) SetConsents(ctx context.Context, wsID, customerID string, consents []cx.Consent) error {
	for i := range consents {
		if err := consents[i].Validate(); err != nil {
			return cx.PrefixField(err, "consents", i)
		}
	}
	return s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "customers", "customer_id", wsID, customerID, "customer"); err != nil {
			return err
		}
		return setConsents(ctx, c, wsID, customerID, consents)
	})
}

// setConsents upserts consents in a transaction; ingestion calls it too.
func setConsents(ctx context.Context, c conn, wsID, customerID string, consents []cx.Consent) error {
	for _, k := range consents {
		_, err := c.exec(ctx, `INSERT INTO customer_consents (workspace_id, customer_id, purpose, channel, granted, source, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, customer_id, purpose, channel) DO UPDATE
			SET granted = excluded.granted, source = excluded.source, updated_at = excluded.updated_at
			WHERE excluded.updated_at >= customer_consents.updated_at`,
			wsID, customerID, k.Purpose, k.Channel, k.Granted, k.Source, ms(k.UpdatedAt))
		if err != nil {
			return err
		}
	}
	return nil
}

// SetConsents records consents inside the ingestion transaction.
func (tx *IngestTx) SetConsents(wsID, customerID string, consents []cx.Consent) error {
	return setConsents(tx.ctx, tx.c, wsID, customerID, consents)
}

// moveConsents gives survivor the consents of loser that are newer than its
// own, when profiles merge; loser's rows go with its customer row.
func (tx *IngestTx) moveConsents(wsID, loser, survivor string) error {
	_, err := tx.c.exec(tx.ctx, `INSERT INTO customer_consents (workspace_id, customer_id, purpose, channel, granted, source, updated_at)
		SELECT workspace_id, ?, purpose, channel, granted, source, updated_at FROM customer_consents
		WHERE workspace_id = ? AND customer_id = ?
		ON CONFLICT (workspace_id, customer_id, purpose, channel) DO UPDATE
		SET granted = excluded.granted, source = excluded.source, updated_at = excluded.updated_at
		WHERE excluded.updated_at > customer_consents.updated_at`, survivor, wsID, loser)
	return err
}

// customerConsents lists a customer's consents by purpose and channel.
func customerConsents(ctx context.Context, c conn, wsID, customerID string) ([]cx.Consent, error) {
	return collect(ctx, c, scanConsent, `SELECT purpose, channel, granted, source, updated_at FROM customer_consents
		WHERE workspace_id = ? AND customer_id = ? ORDER BY purpose, channel`, wsID, customerID)
}

func scanConsent(row scanner) (cx.Consent, error) {
	var k cx.Consent
	var updated int64
	err := row.Scan(&k.Purpose, &k.Channel, &k.Granted, &k.Source, &updated)
	k.UpdatedAt = fromMS(updated)
	return k, err
}
