package view

import (
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
)

// TestUIOneSpellingOfEachWord: Vietnamese has two spellings of some words
// (the i/y of "tỷ lệ", where the tone mark of "hủy" sits); the catalogue
// keeps one of each (TestUIOneSpellingPerTerm picks "tỷ lệ").
func TestUIOneSpellingOfEachWord(t *testing.T) {
	c := uiCatalogue(t)
	var all []string
	for _, s := range c.msgs[cx.LangVi] {
		all = append(all, strings.ToLower(s))
	}
	text := strings.Join(all, "\n")
	for _, pair := range [][2]string{{"tỉ lệ", "tỷ lệ"}, {"hủy", "huỷ"}, {"xóa", "xoá"}, {"hòa", "hoà"}, {"tòa", "toà"},
		{"thỏa", "thoả"}, {"tùy", "tuỳ"}, {"email", "e-mail"}, {"kỹ", "kĩ"}, {"lý do", "lí do"}} {
		if strings.Contains(text, pair[0]) && strings.Contains(text, pair[1]) {
			t.Errorf("vi.json spells both %q and %q", pair[0], pair[1])
		}
	}
}

// TestUIRoleHelpPromisesOnlyWhatExists: the users page describes each
// role; a role that cannot open the users and API-key pages or download
// customers must not be told it sees "every page", and each description
// names the role's powers (it promised viewers, agents and analysts every
// page, though the users and API-key pages answer them 403).
func TestUIRoleHelpPromisesOnlyWhatExists(t *testing.T) {
	c := uiCatalogue(t)
	every := regexp.MustCompile(`(?i)mọi trang|every page|tất cả các trang|all pages`)
	for _, r := range cx.Roles {
		seesAll := r.Can(cx.ActManageUsers) && r.Can(cx.ActManageKeys) && r.Can(cx.ActExport)
		for _, lang := range []string{cx.LangVi, cx.LangEn} {
			help := c.t(lang, "role_help."+string(r))
			if every.MatchString(help) && !seesAll {
				t.Errorf("%s help in %s promises every page: %q", r, lang, help)
			}
		}
		en := c.t(cx.LangEn, "role_help."+string(r))
		for act, words := range map[cx.Action]string{cx.ActManageKeys: "create API keys", cx.ActManageUsers: "invite", cx.ActExport: "download|export",
			cx.ActEditModel: "Edit the CX model", cx.ActEditCustomer: "import and delete customers|import, export and delete customers"} {
			says := regexp.MustCompile(words).MatchString(en) || r == cx.RoleOwner && strings.Contains(en, "Everything an admin may do")
			if says != r.Can(act) && !(act == cx.ActExport && strings.Contains(en, "Cannot download")) {
				t.Errorf("%s help says %v that it may %s (%q), the role says %v", r, says, act, en, r.Can(act))
			}
		}
	}
}
