package fidelity

import (
	"testing"
)

// TestStaticKeyProfiles: profiles backed by an IAM user's key in the sandbox's credentials
// file work with both CLIs (v2 reads AWS_SHARED_CREDENTIALS_FILE too) and act as that user.
func TestStaticKeyProfiles(t *testing.T) {
	s := setup(t)
	keys := s.sc().Local.AccessKeys
	if len(keys) == 0 {
		t.Fatal("the scenario has no static-key profile")
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			for _, k := range keys {
				env := cliEnv(s.vars(), "AWS_PROFILE="+k.Profile)
				res, call := s.call(t, c, env, "sts", "get-caller-identity")
				var who struct{ Account, Arn string }
				res.JSON(t, &who)
				want := "arn:aws:iam::" + k.Account + ":user/" + k.User
				if who.Arn != want || call.Principal != want {
					t.Errorf("profile %s: caller %s (audited as %s), want %s", k.Profile, who.Arn, call.Principal, want)
				}
				if call.AccessKeyID != s.env.Seeded.AccessKeys[k.Profile].ID {
					t.Errorf("profile %s: signed with %s, want the seeded key", k.Profile, call.AccessKeyID)
				}
			}
		})
	}
}
