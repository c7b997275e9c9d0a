package cx_test

import (
	"testing"

	"cxm/internal/cx"
)

func TestRoleCan(t *testing.T) {
	actions := []cx.Action{cx.ActView, cx.ActEditModel, cx.ActManageUsers, cx.ActManageKeys, cx.ActManageOwners}
	for _, tc := range []struct {
		role cx.Role
		can  []bool // in the order of actions
	}{
		{cx.RoleOwner, []bool{true, true, true, true, true}},
		{cx.RoleAdmin, []bool{true, true, true, true, false}},
		{cx.RoleAnalyst, []bool{true, false, false, false, false}},
		{cx.RoleAgent, []bool{true, false, false, false, false}},
		{cx.RoleViewer, []bool{true, false, false, false, false}},
		{cx.Role("boss"), []bool{false, false, false, false, false}},
		{cx.Role(""), []bool{false, false, false, false, false}},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			for i, a := range actions {
				if got := tc.role.Can(a); got != tc.can[i] {
					t.Errorf("got Can(%s) = %v, want %v", a, got, tc.can[i])
				}
			}
			if got := tc.role.Can("fly"); got {
				t.Errorf("got Can(fly) = true, want false")
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	if len(cx.Roles) != 5 {
		t.Errorf("got %d roles, want 5", len(cx.Roles))
	}
	for _, r := range cx.Roles {
		got, err := cx.ParseRole(string(r))
		if err != nil || got != r || !r.Valid() {
			t.Errorf("got %q, %v for %q, want it valid", got, err, r)
		}
	}
	for _, s := range []string{"", "Owner", "root"} {
		_, err := cx.ParseRole(s)
		wantField(t, err, "role")
		if cx.Role(s).Valid() {
			t.Errorf("got %q valid, want invalid", s)
		}
	}
}
