package view

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cxm/internal/account"
	"cxm/internal/cx"
)

// The translation catalogue: i18n/vi.json and i18n/en.json map keys to
// texts. Two kinds of keys live there:
//   - dotted keys for the dashboard's own words ("nav.board", "phase.before",
//     "channel.social"), used by templates as {{t "nav.board"}};
//   - the English format strings of cx errors ("%s is required"), so that an
//     error's Format and Args give its message in the reader's language.
//
// Both files hold the same keys; a test checks it.
//
//go:embed i18n/*.json
var i18nFS embed.FS

// LangCookie remembers the language chosen with the vi/en switch.
const LangCookie = "cxm_lang"

type catalogue struct {
	msgs map[string]map[string]string // language → key → text
}

func loadCatalogue() (*catalogue, error) {
	c := &catalogue{msgs: map[string]map[string]string{}}
	for _, lang := range []string{cx.LangVi, cx.LangEn} {
		data, err := i18nFS.ReadFile("i18n/" + lang + ".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("web: i18n/%s.json: %w", lang, err)
		}
		c.msgs[lang] = m
	}
	return c, nil
}

// t returns the text of key in lang, formatted with args when given. A
// missing key falls back to English, then to the key itself.
func (c *catalogue) t(lang, key string, args ...any) string {
	s, ok := c.msgs[lang][key]
	if !ok {
		if s, ok = c.msgs[cx.LangEn][key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// errorText returns an error's message in lang. Arguments that name a field
// ("name", "due_days") are translated too, through the "field.*" keys.
func (c *catalogue) errorText(lang string, e *cx.Error) string {
	if e == nil {
		return ""
	}
	if e.Format == "" {
		if s, ok := c.msgs[lang][e.Message]; ok {
			return s
		}
		return e.Message
	}
	f, ok := c.msgs[lang][e.Format]
	if !ok {
		return e.Message
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = a
		switch a := a.(type) {
		case string:
			if tr, ok := c.msgs[lang]["field."+a]; ok {
				args[i] = tr
			}
		case cx.Role:
			args[i] = c.t(lang, "role."+string(a))
		}
	}
	return fmt.Sprintf(f, args...)
}

// Lang chooses the page language: the vi/en switch's cookie, else the
// signed-in user's language, else, before anyone signs in, the language of
// the server's one workspace, else Vietnamese. A fresh install thus greets
// a café owner in Vietnamese whatever the browser says.
func (s *Pages) Lang(r *http.Request, p *account.Principal) string {
	if c, err := r.Cookie(LangCookie); err == nil && (c.Value == cx.LangVi || c.Value == cx.LangEn) {
		return c.Value
	}
	if p != nil && p.Member != nil && (p.Member.Language == cx.LangVi || p.Member.Language == cx.LangEn) {
		return p.Member.Language
	}
	if p == nil && s.store != nil {
		if wss, err := s.store.Workspaces(r.Context()); err == nil && len(wss) == 1 && wss[0].Language == cx.LangEn {
			return cx.LangEn
		}
	}
	return cx.LangVi
}

// AcceptLanguage returns vi or en, whichever the header prefers; vi when it
// names neither.
func AcceptLanguage(header string) string {
	best, bestQ := cx.LangVi, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if (base == cx.LangVi || base == cx.LangEn) && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// funcs returns the template functions of one language.
func (p *Pages) funcs(lang string) template.FuncMap {
	c := p.cat
	return template.FuncMap{
		// t translates a catalogue key: {{t "nav.board"}}.
		"t": func(key string, args ...any) string { return c.t(lang, key, args...) },
		// label translates a domain value: {{label "channel" .Channel}}.
		"label": func(kind string, v any) string {
			s := fmt.Sprint(v)
			if s == "" {
				return "—"
			}
			return c.t(lang, kind+"."+s)
		},
		// text picks a name in the page language: {{text .Name}}.
		"text": func(t cx.Text) string { return t.In(lang) },
		// event names a Segment event for people: the standard ones
		// ("Order Completed") in the page language, others as they came.
		"event": func(name string) string { return c.eventLabel(name).In(lang) },
		// eventOption describes an event of a picker: its label when it
		// has one, and how many were received.
		"eventOption": func(e cx.EventName) string { return c.eventOption(lang, e) },
		// errmsg is an error's message in the page language.
		"errmsg": func(e *cx.Error) string { return c.errorText(lang, e) },
		// ferr is the error's message when it is about field (or a part
		// of it, such as field.vi or field[2].kpi), else "".
		"ferr": func(e *cx.Error, field string) string {
			if e == nil || !fieldMatches(e.Field, field) {
				return ""
			}
			return c.errorText(lang, e)
		},
		// sentence starts a message with a capital letter.
		"sentence": func(s string) string {
			r, n := utf8.DecodeRuneInString(s)
			return string(unicode.ToUpper(r)) + s[n:]
		},
		"static": p.staticURL,
		// chart writes a Chart as the JSON that static/charts.js draws.
		"chart": chartJSON,
		"lines": func(items []string) string { return strings.Join(items, "\n") },
		// date writes a moment in the workspace's time zone: "30/11/2026 17:54".
		"date": func(t time.Time, tz string) string { return formatTime(lang, t, tz) },
		// day writes a calendar day kept as YYYY-MM-DD: "31/12/2026".
		"day": func(d string) string { return formatDay(lang, d) },
		// num writes a number: "1.234,5" in Vietnamese, "1,234.5" in English.
		"num": func(f float64) string { return formatNumber(lang, f) },
		// value writes a trait or property for people: text as is, the rest as JSON.
		"value": TraitText,
		// money writes an amount kept in minor units: "1.250.000 ₫", "12,50 USD".
		"money": formatMoney,
		// when is date for a time that may be unknown.
		"when": func(t *time.Time, tz string) string {
			if t == nil {
				return "—"
			}
			return formatTime(lang, *t, tz)
		},
		// dec writes a measure rounded to digits decimals ("82,4"); a
		// nil pointer (no value) is "—". It takes float64, *float64,
		// int, int64 and *int64.
		"dec": func(v any, digits int) string { return formatDecimal(lang, v, digits) },
		"add": func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"str":  func(v any) string { return fmt.Sprint(v) },
		"lang": func() string { return lang },
		"list": func(items ...string) []string { return items },
		// dict passes named values to a partial: {{template "input" dict "Name" "email"}}.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

// eventLabel names an event in both languages: a standard Segment event
// ("Order Completed") by its segment.* catalogue keys, any other as it came.
func (c *catalogue) eventLabel(name string) cx.Text {
	vi, okVi := c.msgs[cx.LangVi]["segment."+name]
	en, okEn := c.msgs[cx.LangEn]["segment."+name]
	if !okVi || !okEn {
		return cx.Text{Vi: name, En: name}
	}
	return cx.Text{Vi: vi, En: en}
}

// eventOption is "Hoàn tất đơn hàng · đã nhận 1.234 lần": a picker's words
// for an event, its name being the option's value.
func (c *catalogue) eventOption(lang string, e cx.EventName) string {
	var parts []string
	if label := c.eventLabel(e.Name).In(lang); label != e.Name {
		parts = append(parts, label)
	}
	if e.Count > 0 {
		parts = append(parts, c.t(lang, "events.seen_n", formatNumber(lang, float64(e.Count))))
	} else {
		parts = append(parts, c.t(lang, "events.not_seen"))
	}
	return strings.Join(parts, " · ")
}

// EventLabel names an event in both languages, as the pages do: the
// standard Segment events in words, any other as it came.
func (s *Pages) EventLabel(name string) cx.Text { return s.cat.eventLabel(name) }

// fieldMatches reports whether an error about errField belongs next to the
// input named field.
func fieldMatches(errField, field string) bool {
	if errField == "" || field == "" {
		return false
	}
	return errField == field || strings.HasPrefix(errField, field+".") || strings.HasPrefix(errField, field+"[")
}
