package cx

import (
	"os"
	"strings"
	"testing"
)

// TestRolesDocMatchesCode keeps docs/roles.md in step with permissions.
func TestRolesDocMatchesCode(t *testing.T) {
	doc, err := os.ReadFile("../../docs/roles.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if len(cells) != len(Roles)+1 {
			continue
		}
		act := Action(strings.TrimSpace(cells[0]))
		if act == "action" || strings.HasPrefix(string(act), "-") {
			continue
		}
		rows++
		for i, r := range Roles {
			want := "no"
			if r.Can(act) {
				want = "yes"
			}
			if got := strings.TrimSpace(cells[i+1]); got != want {
				t.Errorf("docs/roles.md says %s may %s: %q, the code says %q", r, act, got, want)
			}
		}
	}
	actions := map[Action]bool{}
	for _, acts := range permissions {
		for _, a := range acts {
			actions[a] = true
		}
	}
	if rows != len(actions) {
		t.Errorf("docs/roles.md has %d action rows, the code has %d actions", rows, len(actions))
	}
}
