package fidelity

import (
	"slices"
	"testing"
)

// TestGatewayRefusalsReachTheCLI: the gateway's own error answers carry the code and
// status AWS uses, and both CLIs report that code.
func TestGatewayRefusalsReachTheCLI(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	in := s.signedInUser(t)
	var account, unassigned string // a permission set the user does not hold in an account
	for _, acct := range s.sc().Accounts {
		for _, ps := range s.sc().IdentityCenter.PermissionSets {
			if s.canSignIn(t, acct.ID) && !slices.Contains(s.permissionSets(t, acct.ID), ps.Name) {
				account, unassigned = acct.ID, ps.Name
			}
		}
	}
	if unassigned == "" {
		t.Fatal("the signed-in user holds every permission set everywhere: no refusal to test")
	}
	tests := []struct {
		name   string
		signed bool
		args   []string
		code   string
		status int
	}{
		{"unknown filter key", true, []string{"ssm", "describe-instance-information", "--filters", "Key=Colour,Values=red"}, "InvalidInstanceInformationFilterValue", 400},
		{"unknown service setting", true, []string{"ssm", "get-service-setting", "--setting-id", "/ssm/managed-instance/no-such-setting"}, "ServiceSettingNotFound", 400},
		{"role not assigned", false, []string{"sso", "get-role-credentials", "--access-token", in.Token, "--account-id", account, "--role-name", unassigned}, "ForbiddenException", 403},
		{"unknown token", false, []string{"sso", "list-accounts", "--access-token", "not-a-token-the-portal-issued"}, "UnauthorizedException", 401},
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			for _, tt := range tests {
				env := cliEnv(s.vars())
				if tt.signed {
					env, _ = s.as(t, c, a.ID)
				}
				res, call := s.call(t, c, env, tt.args...)
				if res.ErrorCode() != tt.code || call.Status != tt.status {
					t.Errorf("%s: CLI code %q, audited status %d; want %s, %d\n%s", tt.name, res.ErrorCode(), call.Status, tt.code, tt.status, res.Stderr)
				}
			}
		})
	}
}
