package fidelity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAccountNames: what ssm-whoami enriches an identity with, the account alias
// (iam:ListAccountAliases, in the account itself) and the account name
// (organizations:DescribeAccount, from the management account).
func TestAccountNames(t *testing.T) {
	s := setup(t)
	org := s.sc().Organization
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			checked := 0
			for _, a := range s.sc().Accounts {
				if a.Alias == "" || !s.canSignIn(t, a.ID) {
					continue
				}
				checked++
				env, _ := s.as(t, c, a.ID)
				var out struct{ AccountAliases []string }
				res, _ := s.call(t, c, env, "iam", "list-account-aliases")
				res.JSON(t, &out)
				if diff := cmp.Diff([]string{a.Alias}, out.AccountAliases); diff != "" {
					t.Errorf("aliases of %s (-scenario +CLI):\n%s", a.ID, diff)
				}
			}
			if checked == 0 {
				t.Error("no account with an alias where the signed-in user has a role")
			}
			if org == nil {
				return
			}
			env, _ := s.as(t, c, org.ManagementAccount)
			for _, a := range s.sc().Accounts {
				var out struct {
					Account struct{ Id, Name, Email string }
				}
				res, _ := s.call(t, c, env, "organizations", "describe-account", "--account-id", a.ID)
				res.JSON(t, &out)
				if got, want := out.Account.Id+" "+out.Account.Name, a.ID+" "+a.Name; got != want {
					t.Errorf("describe-account = %q, want %q", got, want)
				}
			}
		})
	}
}
