package findings

import (
	"strings"
	"testing"
)

// testdata/seed-as-user.ndjson is the seed pipeline's output as records
// (ssm-canconnect --as-user a-a836660 --as-user a-a837172 --session
// port-forward Name=cast-dev-app01 | ssm-readiness --local -o ndjson).

func TestSeedAsUserReportGolden(t *testing.T) {
	md := Build(readInput(t, "testdata/seed-as-user.ndjson")).Markdown()
	golden(t, "seed-as-user.md", md)
	checkMermaid(t, md)
}

func TestAsUserRowsNameTheUserAndEachPermissionSet(t *testing.T) {
	r := Build(readInput(t, "testdata/seed-as-user.ndjson"))
	var users []string
	for _, u := range r.Users {
		users = append(users, u.User+"="+string(u.Answer))
	}
	if got, want := strings.Join(users, " "), "a-a836660 (Identity Center, from SailPoint)=fail a-a837172 (Identity Center, from SailPoint)=fail"; got != want {
		t.Errorf("users = %s, want %s", got, want)
	}
	var sets []string
	for _, p := range r.PermissionSets {
		sets = append(sets, strings.Fields(p.User)[0]+"/"+p.PermissionSet+" via "+p.Via+"="+string(p.Answer))
	}
	want := "a-a836660/EC2-SSM-PortForward via group aws-ec2-ssm-operators=pass " +
		"a-a836660/ReadOnlyDev via group aws-dev-readonly=fail a-a837172/ReadOnlyDev via group aws-dev-readonly=fail"
	if got := strings.Join(sets, " "); got != want {
		t.Errorf("permission sets = %s\nwant %s", got, want)
	}
	// The user who lacks access: the group to request, where it is managed, first.
	for _, g := range r.Gaps {
		if g.Check != "start-session" {
			continue
		}
		if len(g.Changes) == 0 || !strings.HasPrefix(g.Changes[0], "request membership of group aws-ec2-ssm-operators for a-a837172 in SailPoint") ||
			g.Where != "SailPoint group aws-ec2-ssm-operators" {
			t.Errorf("start-session gap: where %q, changes %q", g.Where, g.Changes)
		}
	}
}
