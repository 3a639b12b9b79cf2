package identity

import (
	"fmt"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/output"
)

// TableHeader names the columns: the question answered at a glance.
func (id Identity) TableHeader(wide bool) []string {
	h := []string{"profile", "account", "role", "session", "expires", "status", "fix"}
	if wide {
		h = append(h, "type", "region", "arn", "error")
	}
	return h
}

// TableRow gives the cells in TableHeader's order.
func (id Identity) TableRow(wide bool) []string {
	row := []string{id.Profile, id.accountCell(), id.roleCell(), output.Dash(id.SessionName),
		id.expiresCell(), id.status(), id.fixCell()}
	if wide {
		row = append(row, output.Dash(id.PrincipalType), output.Dash(id.Region), output.Dash(id.ARN), id.Error)
	}
	return row
}

func (id Identity) accountCell() string {
	if id.AccountID == "" {
		return "-"
	}
	for _, label := range []string{id.AccountAlias, id.AccountName} {
		if label != "" && label != Unknown {
			return id.AccountID + " (" + label + ")"
		}
	}
	return id.AccountID
}

func (id Identity) roleCell() string {
	switch {
	case id.PermissionSet != "":
		return id.PermissionSet + " (permission set)"
	case id.RoleName != "":
		return id.RoleName
	case id.PrincipalType != "":
		return id.PrincipalType
	}
	return "-"
}

// expiresCell shows how long the profile stays usable: for SSO the later of
// the role credentials and the token, since the SDK renews one with the other.
func (id Identity) expiresCell() string {
	until := latest(id.CredentialExpiresAt, id.SSOTokenExpiresAt)
	if until == nil || id.AsOf.IsZero() {
		return "-"
	}
	return humanDuration(until.Sub(id.AsOf))
}

// status is "ok", the SSO token's state when that is what failed, else "error":
// a valid token next to a network failure must not read as the answer.
func (id Identity) status() string {
	switch {
	case id.OK():
		return "ok"
	case id.SSOTokenStatus != "" && id.SSOTokenStatus != ssocache.Valid:
		return id.SSOTokenStatus
	}
	return "error"
}

func (id Identity) fixCell() string {
	switch {
	case id.Fix != "":
		return id.Fix
	case id.Error != "":
		return id.Error
	}
	return ""
}

func latest(ts ...*time.Time) *time.Time {
	var out *time.Time
	for _, t := range ts {
		if t != nil && (out == nil || t.After(*out)) {
			out = t
		}
	}
	return out
}

// humanDuration renders a remaining time the way people say it: "in 3h12m", "expired".
func humanDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "expired"
	case d < time.Minute:
		return "in <1m"
	case d < time.Hour:
		return fmt.Sprintf("in %dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("in %dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("in %dd", int(d.Hours()/24))
}
