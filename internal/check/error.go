package check

import (
	"errors"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsclient"
)

// ReadError is an AWS read that failed, with the IAM permission it needed:
// what every reader returns so the check built on it can say what would
// decide it.
type ReadError struct {
	// Permission is the IAM action the call needs, e.g. iam:GetRole.
	Permission string
	// Resource is what was being read (a role name, a key ARN), for the reason.
	Resource string
	Err      error
}

func (e *ReadError) Error() string {
	s := e.Permission
	if e.Resource != "" {
		s += " on " + e.Resource
	}
	return s + ": " + awsclient.Summary(e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Read wraps err from the call that needed permission; nil stays nil, and an
// error that is already a ReadError (a nested read) is kept as it is.
func Read(permission, resource string, err error) error {
	if err == nil {
		return nil
	}
	var re *ReadError
	if errors.As(err, &re) {
		return err
	}
	return &ReadError{Permission: permission, Resource: resource, Err: err}
}

// Denied reports whether err is AWS refusing the caller (AccessDenied and its
// per-protocol spellings), as opposed to a network or throttling failure.
func Denied(err error) bool {
	return err != nil && awsclient.Classify(err) == awsclient.ClassAccessDenied
}

// Why is a one-line, secret-free explanation of a failed read:
// "not allowed to call iam:GetRole on R: needs permission iam:GetRole" when
// AWS refused, "could not determine: ..." for throttling, 5xx, resets and
// timeouts, "log in again: ..." when the credentials stopped working.
func Why(err error) string {
	var re *ReadError
	permission, resource := "", ""
	if errors.As(err, &re) {
		permission, resource = re.Permission, re.Resource
	}
	on := ""
	if resource != "" {
		on = " on " + resource
	}
	switch class := awsclient.Classify(err); class {
	case awsclient.ClassAccessDenied:
		if permission == "" {
			return "not allowed: " + awsclient.Summary(err)
		}
		return "not allowed to call " + permission + on + ": needs permission " + permission
	case awsclient.ClassSSOLogin, awsclient.ClassCredentials:
		return "the credentials stopped working (" + awsclient.Summary(err) + "): log in again"
	case awsclient.ClassTimeout:
		return "could not determine: " + strings.TrimSpace(permission+on) + " did not answer before --timeout"
	case awsclient.ClassInterrupted:
		return "interrupted"
	default:
		what := awsclient.Summary(err)
		if class == awsclient.ClassThrottled {
			what = "still throttled after retries: " + what
		}
		return "could not determine: " + what
	}
}

// FromError is the unknown check for a read that failed: the reason says
// why (Why) and, when AWS refused, Permission names what would decide it.
func FromError(id, title string, err error) Check {
	c := New(id, title, Unknown, Why(err))
	c.Class = awsclient.Classify(err)
	var re *ReadError
	if errors.As(err, &re) && c.Class == awsclient.ClassAccessDenied {
		c.Permission = re.Permission
	}
	return c
}
