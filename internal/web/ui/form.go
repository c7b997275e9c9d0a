package ui

import (
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// formError decides how a failed form post ends, the same way on every
// page. An error the person can fix on the form they sent — invalid input,
// a conflict such as a name in use, a wrong password, too many tries, a file too large — is
// shown on that form again with its field marked, at the error's status:
// ok is true. Any other error (not found, forbidden, internal) goes to the
// error page: the handler returns it.
//
// A post that succeeds redirects with view.Redirect and a notice, so that
// reloading the page sends nothing twice.
func formError(err error) (status int, ok bool) {
	switch cx.ErrorCode(err) {
	case cx.Invalid, cx.Conflict, cx.Unauthorized, cx.TooMany, cx.TooLarge:
		return httpio.StatusOf(cx.ErrorCode(err)), true
	}
	return 0, false
}
