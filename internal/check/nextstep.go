package check

import "github.com/ssmkit/ssmkit/internal/awsclient"

// NextStep is what to do about an unknown check, for a tool's one error:
// line: the permission that would decide it, or, for a failure on the way
// (throttling, 5xx, network, timeout), the transient fix. "" when the check
// is not unknown or its own fixes say it.
func NextStep(c Check) string {
	if c.Status != Unknown {
		return ""
	}
	if c.Permission != "" {
		return "the caller needs " + c.Permission + " to decide it (grant it, or run as a principal that has it)"
	}
	switch c.Class {
	case awsclient.ClassThrottled:
		return awsclient.FixThrottled
	case awsclient.ClassTimeout:
		return awsclient.FixTimeout
	case awsclient.ClassNetwork, awsclient.ClassOther:
		return "retry in a moment, or " + awsclient.FixNetwork
	}
	if len(c.Fixes) > 0 {
		return c.Fixes[0].Text
	}
	return ""
}
