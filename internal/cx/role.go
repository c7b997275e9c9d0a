package cx

// Role is what a user may do in one workspace.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner   Role = "owner"
	RoleAdmin   Role = "admin"
	RoleAnalyst Role = "analyst"
	RoleAgent   Role = "agent"
	RoleViewer  Role = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleOwner, RoleAdmin, RoleAnalyst, RoleAgent, RoleViewer}

// Action is something a role may be allowed to do.
type Action string

// The actions that permissions are given for.
const (
	ActView         Action = "view"           // read the CX model, customers, feedback, reports
	ActEditModel    Action = "edit_model"     // CX model, journeys, stages, touchpoints, milestones
	ActManageUsers  Action = "manage_users"   // invite users, change roles
	ActManageKeys   Action = "manage_keys"    // create and revoke API keys
	ActManageOwners Action = "manage_owners"  // make or remove owners
	ActAddFeedback  Action = "add_feedback"   // add reviews, notes and call notes; record answers through the API
	ActEditCustomer Action = "edit_customers" // edit traits, delete customers, import customers and orders
	ActExport       Action = "export"         // download customers and orders as files
	ActWorkCases    Action = "work_cases"     // open, take, contact, note, resolve and close follow-up cases
)

// permissions is the one place that says which role may do what.
// docs/roles.md repeats it for people; a test keeps the two in step.
var permissions = map[Role][]Action{
	RoleOwner:   {ActView, ActEditModel, ActManageUsers, ActManageKeys, ActManageOwners, ActAddFeedback, ActEditCustomer, ActExport, ActWorkCases},
	RoleAdmin:   {ActView, ActEditModel, ActManageUsers, ActManageKeys, ActAddFeedback, ActEditCustomer, ActExport, ActWorkCases},
	RoleAnalyst: {ActView, ActAddFeedback, ActExport},
	RoleAgent:   {ActView, ActAddFeedback, ActEditCustomer, ActWorkCases},
	RoleViewer:  {ActView},
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	_, ok := permissions[r]
	return ok
}

// Can reports whether the role allows the action.
func (r Role) Can(a Action) bool {
	for _, x := range permissions[r] {
		if x == a {
			return true
		}
	}
	return false
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", FieldErrorf("role", "role must be one of owner, admin, analyst, agent, viewer")
	}
	return r, nil
}
