package sandbox

import (
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	idtypes "github.com/aws/aws-sdk-go-v2/service/identitystore/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/google/go-cmp/cmp"
)

// The seed's planted gaps 1 and 4 must be observable through AWS APIs alone, the way the
// tools will look: Identity Store memberships -> account assignments -> permission-set
// policies (AWS-managed documents included), and instance profile -> role -> policies.

// statement is the part of an IAM policy statement these checks read.
type statement struct {
	Effect   string
	Action   any
	Resource any
}

// allows reports whether any Allow statement of the documents names action on resource,
// with IAM's wildcards (* and ?, case-insensitive actions); conditions are ignored.
func allows(t *testing.T, docs []string, action, resource string) bool {
	t.Helper()
	for _, d := range docs {
		var p struct{ Statement json.RawMessage }
		if err := json.Unmarshal([]byte(d), &p); err != nil {
			t.Fatalf("policy document %q: %v", d, err)
		}
		var stmts []statement
		if json.Unmarshal(p.Statement, &stmts) != nil {
			var one statement
			if err := json.Unmarshal(p.Statement, &one); err != nil {
				t.Fatalf("policy statements %s: %v", p.Statement, err)
			}
			stmts = []statement{one}
		}
		for _, s := range stmts {
			if s.Effect == "Allow" && anyMatches(s.Action, action, true) && anyMatches(s.Resource, resource, false) {
				return true
			}
		}
	}
	return false
}

func anyMatches(patterns any, value string, fold bool) bool {
	var list []string
	switch p := patterns.(type) {
	case string:
		list = []string{p}
	case []any:
		for _, v := range p {
			s, _ := v.(string)
			list = append(list, s)
		}
	}
	for _, pat := range list {
		re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pat)) + "$"
		if fold {
			re = "(?i)" + re
		}
		if regexp.MustCompile(re).MatchString(value) {
			return true
		}
	}
	return false
}

// managedDocuments reads the default versions of managed policies through IAM.
func managedDocuments(t *testing.T, c *iam.Client, arns []string) []string {
	t.Helper()
	var docs []string
	for _, arn := range arns {
		p, err := c.GetPolicy(testCtx(t), &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		v, err := c.GetPolicyVersion(testCtx(t), &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: p.Policy.DefaultVersionId})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := url.QueryUnescape(aws.ToString(v.PolicyVersion.Document))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	return docs
}

// startSessionSets names the permission sets assigned in account to user (directly or by
// group) whose policies allow ssm:StartSession on an instance.
func startSessionSets(t *testing.T, user, account string) []string {
	t.Helper()
	ctx, store := testCtx(t), aws.String(shared.Seeded.IdentityStoreID)
	ids := identitystore.NewFromConfig(portalConfig(t, "717279730613", "AdministratorAccess"))
	admin := ssoadmin.NewFromConfig(portalConfig(t, "717279730613", "AdministratorAccess"))
	roles := iam.NewFromConfig(portalConfig(t, account, "AdministratorAccess"))
	users, err := ids.ListUsers(ctx, &identitystore.ListUsersInput{IdentityStoreId: store})
	if err != nil {
		t.Fatal(err)
	}
	uid := ""
	for _, u := range users.Users {
		if aws.ToString(u.UserName) == user {
			uid = aws.ToString(u.UserId)
		}
	}
	if uid == "" {
		t.Fatalf("identity store has no user %s", user)
	}
	principals := map[string]bool{uid: true}
	mem, err := ids.ListGroupMembershipsForMember(ctx, &identitystore.ListGroupMembershipsForMemberInput{IdentityStoreId: store,
		MemberId: &idtypes.MemberIdMemberUserId{Value: uid}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mem.GroupMemberships {
		principals[aws.ToString(m.GroupId)] = true
	}
	sets, err := admin.ListPermissionSets(ctx, &ssoadmin.ListPermissionSetsInput{InstanceArn: aws.String(shared.Seeded.InstanceARN)})
	if err != nil {
		t.Fatal(err)
	}
	instance := "arn:aws:ec2:eu-west-1:" + account + ":instance/i-0123456789abcdef0"
	var granting []string
	for _, ps := range sets.PermissionSets {
		in := aws.String(shared.Seeded.InstanceARN)
		as, err := admin.ListAccountAssignments(ctx, &ssoadmin.ListAccountAssignmentsInput{InstanceArn: in, AccountId: aws.String(account), PermissionSetArn: aws.String(ps)})
		if err != nil {
			t.Fatal(err)
		}
		assigned := false
		for _, a := range as.AccountAssignments {
			assigned = assigned || principals[aws.ToString(a.PrincipalId)]
		}
		if !assigned {
			continue
		}
		desc, err := admin.DescribePermissionSet(ctx, &ssoadmin.DescribePermissionSetInput{InstanceArn: in, PermissionSetArn: aws.String(ps)})
		if err != nil {
			t.Fatal(err)
		}
		inline, err := admin.GetInlinePolicyForPermissionSet(ctx, &ssoadmin.GetInlinePolicyForPermissionSetInput{InstanceArn: in, PermissionSetArn: aws.String(ps)})
		if err != nil {
			t.Fatal(err)
		}
		managed, err := admin.ListManagedPoliciesInPermissionSet(ctx, &ssoadmin.ListManagedPoliciesInPermissionSetInput{InstanceArn: in, PermissionSetArn: aws.String(ps)})
		if err != nil {
			t.Fatal(err)
		}
		var docs, arns []string
		if d := aws.ToString(inline.InlinePolicy); d != "" {
			docs = append(docs, d)
		}
		for _, m := range managed.AttachedManagedPolicies {
			arns = append(arns, aws.ToString(m.Arn))
		}
		if allows(t, append(docs, managedDocuments(t, roles, arns)...), "ssm:StartSession", instance) {
			granting = append(granting, aws.ToString(desc.PermissionSet.Name))
		}
	}
	sort.Strings(granting)
	return granting
}

func TestSeedUsersStartSessionGrantsThroughIdentityCenter(t *testing.T) {
	got := map[string][]string{}
	for _, user := range []string{"a-a836660", "a-a837172"} {
		got[user] = startSessionSets(t, user, "925774240130")
	}
	want := map[string][]string{"a-a836660": {"EC2-SSM-PortForward"}, "a-a837172": nil}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("permission sets granting ssm:StartSession (-want +got):\n%s", diff)
	}
}

// instanceRoleDocuments reads every policy of the instance's role via its instance profile.
func instanceRoleDocuments(t *testing.T, c *iam.Client, profile string) []string {
	t.Helper()
	ctx := testCtx(t)
	ip, err := c.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String(profile)})
	if err != nil || len(ip.InstanceProfile.Roles) != 1 {
		t.Fatalf("instance profile %s: %v", profile, err)
	}
	role := ip.InstanceProfile.Roles[0].RoleName
	names, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: role})
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, n := range names.PolicyNames {
		p, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: role, PolicyName: aws.String(n)})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := url.QueryUnescape(aws.ToString(p.PolicyDocument))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	attached, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: role})
	if err != nil {
		t.Fatal(err)
	}
	var arns []string
	for _, a := range attached.AttachedPolicies {
		arns = append(arns, aws.ToString(a.PolicyArn))
	}
	return append(docs, managedDocuments(t, c, arns)...)
}

// Gap 4: the instance role can reach SSM and write to an old log group, but not to the log
// group or bucket the session preferences name.
func TestSeedInstanceRoleCannotWriteToTheLoggingDestination(t *testing.T) {
	docs := instanceRoleDocuments(t, iam.NewFromConfig(portalConfig(t, "925774240130", "AdministratorAccess")), "CASTAppInstanceRole")
	stream := func(group string) string {
		return "arn:aws:logs:eu-west-1:925774240130:log-group:" + group + ":log-stream:i-0123456789abcdef0"
	}
	got := map[string]bool{}
	for _, c := range []struct{ action, resource string }{
		{"ssmmessages:OpenDataChannel", "*"},
		{"logs:PutLogEvents", stream("/aws/ssm/cast-dev/session-logs-2023")},
		{"logs:PutLogEvents", stream("/aws/ssm/cast-dev/session-logs")},
		{"s3:PutObject", "arn:aws:s3:::cast-dev-ssm-session-logs-925774240130/sessions/i-0123456789abcdef0.log"},
	} {
		got[c.action+" "+c.resource] = allows(t, docs, c.action, c.resource)
	}
	want := map[string]bool{
		"ssmmessages:OpenDataChannel *":                                                                     true,
		"logs:PutLogEvents " + stream("/aws/ssm/cast-dev/session-logs-2023"):                                true,
		"logs:PutLogEvents " + stream("/aws/ssm/cast-dev/session-logs"):                                     false,
		"s3:PutObject arn:aws:s3:::cast-dev-ssm-session-logs-925774240130/sessions/i-0123456789abcdef0.log": false,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instance role permissions (-want +got):\n%s", diff)
	}
}
