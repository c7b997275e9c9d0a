package ingest

import (
	"strings"

	"cxm/internal/cx"
)

// str returns m[k] as a string: strings as they are, numbers written out,
// anything else "".
func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return strings.TrimSpace(v)
	case interface{ String() string }: // json.Number
		return v.String()
	case float64:
		return formatFloat(v)
	}
	return ""
}

// obj returns m[k] as an object, or nil.
func obj(m map[string]any, k string) map[string]any {
	v, _ := m[k].(map[string]any)
	return v
}

// campaignField is what the utm_ parameters are called in context.campaign,
// where analytics.js puts them.
var campaignField = map[string]string{
	"utm_source": "source", "utm_medium": "medium", "utm_campaign": "name", "utm_term": "term", "utm_content": "content",
}

// property returns a property of an event, looking for utm_ parameters in
// context.campaign too.
func property(e *cx.Event, name string) string {
	if v := str(e.Properties, name); v != "" {
		return v
	}
	if f, ok := campaignField[name]; ok {
		return str(obj(e.Context, "campaign"), f)
	}
	return ""
}

// pagePath is the path of the page an event happened on.
func pagePath(e *cx.Event) string {
	if p := str(e.Properties, "path"); p != "" {
		return p
	}
	return str(obj(e.Context, "page"), "path")
}

// Source says where an event came from, for the unmapped-events page:
// properties.source, else the utm_source, else context.channel.
func Source(e *cx.Event) string {
	for _, v := range []string{str(e.Properties, "source"), property(e, "utm_source"), str(e.Context, "channel")} {
		if v != "" {
			return truncate(v, 200)
		}
	}
	return ""
}

// Matches reports whether a mapping rule applies to an event: every
// condition the rule sets must hold.
func Matches(r cx.MappingRule, e *cx.Event) bool {
	switch {
	case r.EventType != "" && r.EventType != e.Type:
		return false
	case r.EventName != "" && !strings.EqualFold(r.EventName, e.Name):
		return false
	case r.Channel != "" && !strings.EqualFold(r.Channel, str(e.Context, "channel")):
		return false
	case r.Property != "" && !strings.EqualFold(r.PropertyValue, property(e, r.Property)):
		return false
	case r.PathPrefix != "" && !strings.HasPrefix(strings.ToLower(pagePath(e)), strings.ToLower(r.PathPrefix)):
		return false
	}
	return true
}

// Touchpoint returns the touchpoint of the first rule that matches, or "".
// Identify, group and alias calls are about people, not touchpoints.
func Touchpoint(rules []cx.MappingRule, e *cx.Event) string {
	switch e.Type {
	case cx.EventIdentify, cx.EventGroup, cx.EventAlias:
		return ""
	}
	for _, r := range rules {
		if Matches(r, e) {
			return r.TouchpointID
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
