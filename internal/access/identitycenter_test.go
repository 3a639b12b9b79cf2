package access

import (
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/identitycenter"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/target"
)

const (
	rolePath = "/aws-reserved/sso.amazonaws.com/eu-west-1/"
	// readOnlySet allows no session at all.
	readOnlySet = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","ssm:Describe*"],"Resource":"*"}]}`
	// byPrincipalArn allows sessions only to Identity Center roles, by the
	// role ARN with its path (aws:PrincipalArn).
	byPrincipalArn = `{"Version":"2012-10-17","Statement":[{"Sid":"OnlySSORoles","Effect":"Allow","Action":"ssm:StartSession","Resource":"*",
	 "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_*"}}}]}`
)

func icChecker() *Checker {
	return &Checker{Resolver: &target.Resolver{AccountID: acct, Region: region, Partition: "aws"}, Connection: true}
}

func cand(t *testing.T, name, doc string, groups ...string) *candidate {
	t.Helper()
	role := "AWSReservedSSO_" + name + "_0123456789abcdef"
	return &candidate{arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-" + name, name: name,
		role: gather.ReservedRole{ARN: "arn:aws:iam::" + acct + ":role" + rolePath + role, Name: role, Path: rolePath, ID: "AROA" + strings.ToUpper(name[:3])},
		policies: gather.Policies{Name: role, Identity: []*policy.Policy{parse(t, "AwsSSOInlinePolicy", policy.KindIdentity, doc)},
			Sources: []gather.Source{{Name: "AwsSSOInlinePolicy", Type: "inline", Owner: role}}},
		groups: groups}
}

var (
	opsGroup     = identitycenter.Group{ID: "g-ops", Name: "aws-ec2-ssm-operators", External: []identitycenter.ExternalID{{Issuer: "SailPoint", ID: "ent-1"}}}
	readersGroup = identitycenter.Group{ID: "g-read", Name: "aws-dev-readonly", External: []identitycenter.ExternalID{{Issuer: "SailPoint", ID: "ent-2"}}}
	localGroup   = identitycenter.Group{ID: "g-local", Name: "local-ops"}
	ana          = identitycenter.User{ID: "u-1", UserName: "a-a836660", External: []identitycenter.ExternalID{{Issuer: "SailPoint", ID: "1"}}}
)

func userCaseOf(u identitycenter.User, groups []identitycenter.Group, cands ...*candidate) userCase {
	info := map[string]identitycenter.Group{}
	for _, g := range []identitycenter.Group{opsGroup, readersGroup, localGroup} {
		info[g.ID] = g
	}
	return userCase{user: u, groups: groups, cands: cands, groupInfo: info, tags: map[string]string{},
		ic: IdentityCenter{Instance: identitycenter.Instance{IdentityStoreID: "d-123"}}}
}

func TestUserRecordAllowedThroughOneSet(t *testing.T) {
	base := inputs(t, "unused", readOnlySet)
	uc := userCaseOf(ana, []identitycenter.Group{readersGroup, opsGroup},
		cand(t, "ReadOnlyDev", readOnlySet, "g-read"), cand(t, "EC2-SSM-PortForward", portForwardSet, "g-ops"))
	rec := icChecker().userRecord(base, uc, app01(), sessionOf(t, PortForward))

	if rec.Decision != Allowed || rec.Code != 0 {
		t.Fatalf("decision %s (code %d): %s; want allowed: one permission set allows it", rec.Decision, rec.Code, rec.Reason)
	}
	if !strings.Contains(rec.Reason, "group aws-ec2-ssm-operators") || !strings.Contains(rec.Reason, "EC2-SSM-PortForward") {
		t.Errorf("reason %q does not name the group and permission set", rec.Reason)
	}
	if len(rec.PermissionSets) != 2 || rec.PermissionSets[0].Permission != Denied || rec.PermissionSets[1].Permission != Allowed {
		t.Errorf("permission sets = %+v, want ReadOnlyDev denied and EC2-SSM-PortForward allowed, each on its own", rec.PermissionSets)
	}
	wantARN := "arn:aws:sts::" + acct + ":assumed-role/AWSReservedSSO_EC2-SSM-PortForward_0123456789abcdef/a-a836660"
	if rec.Principal.ARN != wantARN || rec.Principal.User == nil || len(rec.Principal.Groups) != 2 || rec.Principal.Groups[1].ExternalIssuer != "SailPoint" {
		t.Errorf("principal = %+v, want the session %s with the user and groups", rec.Principal, wantARN)
	}
	if len(rec.Fixes) != 0 {
		t.Errorf("fixes = %+v, want none for an allowed session", rec.Fixes)
	}
	if c, ok := rec.Check(CheckIdentityCenter); !ok || c.Status != check.Pass {
		t.Errorf("identity-center check = %+v, want pass", c)
	}
}

func TestUserRecordDeniedNamesTheGroupToRequest(t *testing.T) {
	base := inputs(t, "unused", readOnlySet)
	aaron := identitycenter.User{ID: "u-2", UserName: "a-a837172"}
	uc := userCaseOf(aaron, []identitycenter.Group{readersGroup},
		cand(t, "ReadOnlyDev", readOnlySet, "g-read"), cand(t, "EC2-SSM-PortForward", portForwardSet, "g-ops", "g-local"))
	rec := icChecker().userRecord(base, uc, app01(), sessionOf(t, PortForward))

	if rec.Decision != Denied || rec.Code != 1 {
		t.Fatalf("decision %s (code %d), want denied", rec.Decision, rec.Code)
	}
	if len(rec.PermissionSets) != 1 || rec.PermissionSets[0].Name != "ReadOnlyDev" {
		t.Errorf("permission sets = %+v, want only the user's ReadOnlyDev", rec.PermissionSets)
	}
	if len(rec.Fixes) < 3 {
		t.Fatalf("fixes = %+v, want the two groups then the statement", rec.Fixes)
	}
	scim, local := rec.Fixes[0], rec.Fixes[1]
	if !strings.Contains(scim.Text, "aws-ec2-ssm-operators") || !strings.Contains(scim.Text, "in SailPoint") || scim.Command != "" {
		t.Errorf("first fix = %+v, want membership of the SCIM group requested in SailPoint, no command", scim)
	}
	if !strings.Contains(local.Text, "local-ops") ||
		local.Command != "aws identitystore create-group-membership --identity-store-id d-123 --group-id g-local --member-id UserId=u-2" {
		t.Errorf("second fix = %+v, want the Identity Center group with its command", local)
	}
	if !strings.Contains(rec.Fixes[2].Where, "permission set ReadOnlyDev") {
		t.Errorf("third fix = %+v, want the statement to add to ReadOnlyDev", rec.Fixes[2])
	}
}

func TestUserRecordWithoutAssignment(t *testing.T) {
	base := inputs(t, "unused", readOnlySet)
	uc := userCaseOf(identitycenter.User{ID: "u-3", UserName: "nobody"}, nil, cand(t, "EC2-SSM-PortForward", portForwardSet, "g-ops"))
	rec := icChecker().userRecord(base, uc, app01(), sessionOf(t, PortForward))
	c, _ := rec.Check(CheckIdentityCenter)
	if rec.Decision != Denied || c.Status != check.Fail || !strings.Contains(rec.Reason, "no account assignment in "+acct) {
		t.Errorf("decision %s, check %+v, reason %q; want denied: no assignment", rec.Decision, c, rec.Reason)
	}
	if _, ok := rec.Check(CheckStartSession); ok {
		t.Errorf("a start-session check with nothing to evaluate: %+v", rec.Checks)
	}
	if len(rec.Fixes) == 0 || !strings.Contains(rec.Fixes[0].Text, "aws-ec2-ssm-operators") {
		t.Errorf("fixes = %+v, want the group that would grant it", rec.Fixes)
	}
}

func TestUserRecordAssignmentsRefused(t *testing.T) {
	base := inputs(t, "unused", readOnlySet)
	uc := userCaseOf(ana, nil)
	uc.asgErr = check.Read("sso:ListAccountAssignments", "ps-1", denied("SSO Admin", "ListAccountAssignments", "AccessDeniedException"))
	rec := icChecker().userRecord(base, uc, app01(), sessionOf(t, PortForward))
	c, _ := rec.Check(CheckIdentityCenter)
	if rec.Decision != Unknown || rec.Code != 3 || c.Permission != "sso:ListAccountAssignments" {
		t.Errorf("decision %s (code %d), check %+v; want unknown naming sso:ListAccountAssignments", rec.Decision, rec.Code, c)
	}
}

func TestPermissionSetSessionIsTheReservedRole(t *testing.T) {
	base := inputs(t, "unused", readOnlySet)
	cd := cand(t, "Ops", byPrincipalArn, "g-ops")
	in := inputsFor(base, cd, "a-a836660", map[string]string{"CostCenter": "CC-1"}, false)
	if in.UserID != "AROAOPS:a-a836660" || in.SessionName != "a-a836660" || in.PrincipalARN != cd.role.ARN {
		t.Errorf("aws:userid %q, session %q, aws:PrincipalArn %q; want ROLEID:user, the user, the role ARN with its path", in.UserID, in.SessionName, in.PrincipalARN)
	}
	// The condition needs the role's path, which the session ARN omits.
	rec := Decide(in, app01(), sessionOf(t, PortForward), nil, Options{})
	if rec.Permission != Allowed {
		t.Errorf("aws:PrincipalArn condition: %s (%s), want allowed", rec.Permission, rec.Reason)
	}
	in.PrincipalARN = ""
	if rec := Decide(in, app01(), sessionOf(t, PortForward), nil, Options{}); rec.Permission == Allowed {
		t.Errorf("without the role's path the condition should not match: %s", rec.Reason)
	}
}

func TestNotProvisionedIsDenied(t *testing.T) {
	base := inputs(t, "unused", readOnlySet)
	cd := &candidate{arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-x", name: "Ops", notProvisioned: true}
	rec := icChecker().permissionSetRecord(base, cd, Subject{}, app01(), sessionOf(t, Shell))
	if rec.Permission != Denied || !strings.Contains(rec.Reason, "not provisioned to account "+acct) {
		t.Errorf("permission %s, reason %q; want denied: not provisioned", rec.Permission, rec.Reason)
	}
	if rec.Principal.Type != PrincipalPermissionSet || len(rec.PermissionSets) != 1 {
		t.Errorf("principal %+v, sets %+v", rec.Principal, rec.PermissionSets)
	}
}

func TestABACTagDecidesAndAMissingAttributeIsNamed(t *testing.T) {
	const abac = `{"Version":"2012-10-17","Statement":[{"Sid":"SameTeam","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*",
	 "Condition":{"StringEquals":{"ssm:resourceTag/team":"${aws:PrincipalTag/Team}"}}},
	 {"Sid":"Documents","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/*"}]}`
	base := inputs(t, "unused", readOnlySet)
	team := func(v string) TargetState {
		return instanceState("i-0bf3b904b5fe9bf02", "app", map[string]string{"team": v}, "Online", "connected")
	}
	attrs := []identitycenter.Attribute{{Key: "Team", Sources: []string{"${path:enterprise.department}"}}}
	withDept := identitycenter.User{ID: "u-1", UserName: "alice", Attributes: map[string]string{"enterprise.department": "web"}}
	noDept := identitycenter.User{ID: "u-2", UserName: "bob", Attributes: map[string]string{}}

	for _, tc := range []struct {
		name      string
		user      identitycenter.User
		target    string
		given     map[string]string
		want      string
		fixNeedle string
	}{
		{"the attribute matches the tag", withDept, "web", nil, Allowed, ""},
		{"without the attribute Identity Center passes no tag: unknown, and the fix names it", noDept, "web", nil, Unknown, "enterprise.department"},
		{"a tag given with --principal-tag completes the set: a definite no", withDept, "db", map[string]string{"Project": "x"}, Denied, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			uc := userCaseOf(tc.user, nil, func() *candidate { c := cand(t, "Team", abac); c.users = []string{tc.user.ID}; return c }())
			uc.ic.Instance.Attributes = attrs
			uc.tags, uc.missing = identitycenter.PrincipalTags(attrs, tc.user)
			for k, v := range tc.given {
				uc.tags[k] = v
			}
			uc.tagsKnown = tc.given != nil
			rec := icChecker().userRecord(base, uc, team(tc.target), sessionOf(t, PortForward))
			if rec.Permission != tc.want {
				t.Fatalf("permission %s (%s), want %s", rec.Permission, rec.Reason, tc.want)
			}
			if tc.fixNeedle == "" {
				return
			}
			found := false
			for _, f := range rec.Fixes {
				found = found || (strings.Contains(f.Text, tc.fixNeedle) && strings.Contains(f.Text, "aws:PrincipalTag/Team"))
			}
			if !found {
				t.Errorf("fixes %+v, want one naming %s and the tag", rec.Fixes, tc.fixNeedle)
			}
		})
	}
}
