package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"cxm/internal/cx"
)

// profileColumns are the traits with a column of their own.
var profileColumns = map[string]string{
	cx.TraitFullName: "full_name", cx.TraitGivenName: "given_name", cx.TraitSalutation: "salutation",
	cx.TraitEmail: "email", cx.TraitPhone: "phone", cx.TraitBirthday: "birthday", cx.TraitCity: "city",
}

// UpdateCustomerTraits changes some traits of a customer and leaves the
// others: a nil value removes a trait. A new email or phone also becomes an
// identity of the customer; one that another customer has is a conflict,
// never a silent merge.
func (s *Store) UpdateCustomerTraits(ctx context.Context, wsID, id string, traits map[string]any) (cx.Customer, error) {
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.scanCustomer(c.queryRow(ctx, `SELECT `+customerColumns+` FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, id))
		if err != nil {
			return notFound(err, "customer")
		}
		if err := cx.ValidateTraitEdit(traits); err != nil {
			return err
		}
		cols, rest, err := splitTraits(cur, traits)
		if err != nil {
			return err
		}
		for _, kind := range []string{cx.IDEmail, cx.IDPhone} {
			if v := cols[kind]; v != "" && v != profileValue(cur, kind) {
				if err := s.claimIdentity(ctx, c, wsID, id, kind, v); err != nil {
					return err
				}
			}
		}
		return updateProfile(ctx, c, wsID, id, cols, rest)
	})
	if err != nil {
		return cx.Customer{}, err
	}
	return s.Customer(ctx, wsID, id)
}

// splitTraits applies an edit to the current profile: the values of the
// profile columns, normalised, and the other traits as they will be stored.
func splitTraits(cur cx.Customer, edit map[string]any) (map[string]string, map[string]any, error) {
	cols := map[string]string{}
	for k := range profileColumns {
		cols[k] = profileValue(cur, k)
	}
	rest := cur.Traits
	if rest == nil {
		rest = map[string]any{}
	}
	for k, v := range edit {
		if _, ok := profileColumns[k]; !ok {
			if v == nil {
				delete(rest, k)
			} else {
				rest[k] = v
			}
			continue
		}
		s, _ := v.(string)
		norm, err := normalizeProfileTrait(k, s)
		if err != nil {
			return nil, nil, err
		}
		cols[k] = norm
	}
	return cols, rest, nil
}

// normalizeProfileTrait trims a profile value and puts emails, phones and
// birthdays in their stored form; "" clears it.
func normalizeProfileTrait(k, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	switch k {
	case cx.TraitEmail, cx.TraitPhone:
		return NormalizeIdentity(k, v)
	case cx.TraitBirthday:
		return cx.ParseBirthday(v)
	}
	return v, nil
}

func profileValue(c cx.Customer, k string) string {
	switch k {
	case cx.TraitFullName:
		return c.FullName
	case cx.TraitGivenName:
		return c.GivenName
	case cx.TraitSalutation:
		return c.Salutation
	case cx.TraitEmail:
		return c.Email
	case cx.TraitPhone:
		return c.Phone
	case cx.TraitBirthday:
		return c.Birthday
	case cx.TraitCity:
		return c.City
	}
	return ""
}

// claimIdentity gives customer id the identity kind=value, unless another
// customer has it.
func (s *Store) claimIdentity(ctx context.Context, c conn, wsID, id, kind, value string) error {
	var owner string
	err := c.queryRow(ctx, `SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?`, wsID, kind, value).Scan(&owner)
	switch {
	case err == sql.ErrNoRows:
		_, err = c.exec(ctx, `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			wsID, kind, value, id, ms(now()))
		return err
	case err != nil:
		return err
	case owner != id:
		return errIdentityTaken(kind)
	}
	return nil
}

func updateProfile(ctx context.Context, c conn, wsID, id string, cols map[string]string, rest map[string]any) error {
	_, err := c.exec(ctx, `UPDATE customers SET full_name = ?, given_name = ?, salutation = ?, email = ?, phone = ?, birthday = ?, city = ?, traits = ?, updated_at = ?
		WHERE workspace_id = ? AND customer_id = ?`,
		cols[cx.TraitFullName], cols[cx.TraitGivenName], cols[cx.TraitSalutation], cols[cx.TraitEmail], cols[cx.TraitPhone],
		cols[cx.TraitBirthday], cols[cx.TraitCity], toJSON(rest), ms(now()), wsID, id)
	if err != nil {
		return err
	}
	return reindexCustomer(ctx, c, wsID, id)
}

// optionalTime reads a nullable Unix-millisecond column.
func optionalTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}
