package ingest

import (
	"strings"

	"cxm/internal/cx"
	"cxm/internal/phone"
	"cxm/internal/store"
)

// idSet is every way an event names its customer.
type idSet struct {
	user, anon string
	others     []cx.Identity // email, phone, Zalo, loyalty card and other ids
}

// otherIDKeys are the traits that carry an id of another kind.
var otherIDKeys = []struct{ kind, key string }{
	{cx.IDZalo, "zalo_id"}, {cx.IDZalo, "zaloId"}, {cx.IDZalo, "zalo_user_id"},
	{cx.IDLoyalty, "loyalty_card"}, {cx.IDLoyalty, "loyaltyCard"}, {cx.IDLoyalty, "loyalty_id"},
}

// identitiesOf collects an event's ids: userId and anonymousId, then the
// email, phone, Zalo id and loyalty card in its traits (identify) or
// context.traits (any call), then context.externalIds. Emails are lower-cased
// and phones put in E.164; values that are not valid are left out.
func identitiesOf(e *cx.Event) idSet {
	ids := idSet{user: e.UserID, anon: e.AnonymousID}
	seen := map[cx.Identity]bool{}
	add := func(kind, value string) {
		id := cx.Identity{Kind: kind, Value: value}
		if value != "" && len(value) <= 200 && !seen[id] {
			seen[id] = true
			ids.others = append(ids.others, id)
		}
	}
	for _, traits := range []map[string]any{e.Traits, obj(e.Context, "traits")} {
		if email, err := cx.NormalizeEmail(str(traits, "email")); err == nil {
			add(cx.IDEmail, email)
		}
		if p := str(traits, "phone"); p != "" {
			if n, err := phone.Normalize(p); err == nil {
				add(cx.IDPhone, n)
			}
		}
		for _, k := range otherIDKeys {
			add(k.kind, str(traits, k.key))
		}
	}
	external, _ := e.Context["externalIds"].([]any)
	for _, x := range external {
		m, _ := x.(map[string]any)
		kind, id := strings.ToLower(str(m, "type")), str(m, "id")
		switch {
		case strings.Contains(kind, "zalo"):
			add(cx.IDZalo, id)
		case strings.Contains(kind, "loyalty"):
			add(cx.IDLoyalty, id)
		case kind != "" && id != "":
			add(cx.IDOther, kind+":"+id)
		}
	}
	return ids
}

// profileKeys are the traits that become profile columns, with the names
// the Segment spec and Vietnamese forms use for them.
var profileKeys = map[string]bool{
	"name": true, "full_name": true, "fullName": true, "firstName": true, "first_name": true, "given_name": true,
	"lastName": true, "last_name": true, "salutation": true, "title": true, "email": true, "phone": true,
	"birthday": true, "city": true, cx.ConsentTrait: true,
}

// identifyTraits is what an identify says about the person: its traits
// over those of context.traits, where RudderStack's browser SDK sends them
// (the call's own traits win). The profile, consent and the stored event
// all read the result.
func identifyTraits(traits, context map[string]any) map[string]any {
	inContext := obj(context, "traits")
	if len(inContext) == 0 {
		return traits
	}
	out := make(map[string]any, len(traits)+len(inContext))
	for k, v := range inContext {
		out[k] = v
	}
	for k, v := range traits {
		out[k] = v
	}
	return out
}

// profileOf reads what an identify says about a person. Traits with a
// column of their own are normalised; the others are kept as sent.
func profileOf(traits map[string]any) store.Profile {
	var p store.Profile
	first := firstOf(traits, "firstName", "first_name", "given_name")
	last := firstOf(traits, "lastName", "last_name")
	p.FullName = firstOf(traits, "name", "full_name", "fullName")
	if p.FullName == "" {
		p.FullName = strings.TrimSpace(first + " " + last)
	}
	p.GivenName = first
	p.Salutation = firstOf(traits, "salutation", "title")
	if email, err := cx.NormalizeEmail(str(traits, "email")); err == nil {
		p.Email = email
	}
	if n, err := phone.Normalize(str(traits, "phone")); err == nil {
		p.Phone = n
	}
	if b, err := cx.ParseBirthday(str(traits, "birthday")); err == nil {
		p.Birthday = b
	}
	p.City = str(traits, "city")
	if p.City == "" {
		p.City = str(obj(traits, "address"), "city")
	}
	for k, v := range traits {
		if !profileKeys[k] {
			if p.Traits == nil {
				p.Traits = map[string]any{}
			}
			p.Traits[k] = v
		}
	}
	p.FullName, p.GivenName, p.Salutation, p.City = truncate(p.FullName, 200), truncate(p.GivenName, 200), truncate(p.Salutation, 200), truncate(p.City, 200)
	return p
}

// firstOf returns the first of the traits that is set.
func firstOf(traits map[string]any, keys ...string) string {
	for _, k := range keys {
		if v := str(traits, k); v != "" {
			return v
		}
	}
	return ""
}
