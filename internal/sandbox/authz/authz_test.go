package authz

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

const (
	mgmt   = "111111111111"
	member = "222222222222"
	ssoDir = "/aws-reserved/sso.amazonaws.com/eu-west-1/"
)

const readOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","ssm:Describe*","ssm:Get*","kms:Get*","kms:List*","kms:Describe*","s3:Get*","s3:List*","ec2:Describe*","organizations:Describe*","organizations:List*"],"Resource":"*"}]}`

// portForward grants a few reads, and session-log buckets by cost center (ABAC).
const portForward = `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":["ssm:DescribeInstanceInformation","ec2:DescribeInstances"],"Resource":"*"},
 {"Effect":"Allow","Action":"s3:GetEncryptionConfiguration","Resource":"arn:aws:s3:::sessions-${aws:PrincipalTag/CostCenter}"}]}`

const orgYAML = `
name: authz-test
accounts: [{id: "111111111111", name: Management}, {id: "222222222222", name: Workload}]
organization:
  managementAccount: "111111111111"
  units: [{name: Workloads, accounts: ["222222222222"]}]
  scps:
    - name: DenyOutsideEU
      targets: [Workloads]
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}'
  rcps:
    - name: NoBucketPolicyReads
      targets: [Workloads]
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetBucketPolicy","Resource":"*"}]}'
`

func world() *fakeWorld {
	return &fakeWorld{
		roles: map[string]fakeRole{
			member + "/AWSReservedSSO_ReadOnly_0123456789abcdef":    {path: ssoDir, attached: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			member + "/AWSReservedSSO_PortForward_0123456789abcdef": {path: ssoDir, inline: map[string]string{"AwsSSOInlinePolicy": portForward}},
			member + "/AppRole":  {path: "/app/", trust: `{"Version":"2012-10-17","Statement":[]}`, tags: map[string]string{"team": "ops"}},
			member + "/Bounded":  {path: "/", inline: map[string]string{"all": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}, boundary: "arn:aws:iam::" + member + ":policy/OnlySSM"},
			member + "/Audit":    {path: "/", trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + member + `:user/svc"},"Action":"sts:AssumeRole"}]}`},
			member + "/Delegate": {path: "/", trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + member + `:root"},"Action":"sts:AssumeRole"}]}`},
			mgmt + "/Admin":      {path: "/", inline: map[string]string{"all": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}},
		},
		users: map[string]fakeRole{member + "/svc": {inline: map[string]string{"ro": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:Describe*","Resource":"*"}]}`}}},
		managed: map[string]string{
			"arn:aws:iam::aws:policy/ReadOnlyAccess":     readOnly,
			"arn:aws:iam::" + member + ":policy/OnlySSM": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*"}]}`,
		},
		keys: map[string]string{
			"arn:aws:kms:eu-west-1:" + member + ":key/k-iam":   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + member + `:root"},"Action":"kms:*","Resource":"*"}]}`,
			"arn:aws:kms:eu-west-1:" + member + ":key/k-admin": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + member + `:role/Admin"},"Action":"kms:*","Resource":"*"}]}`,
		},
		aliases: map[string]string{"alias/sessions": "arn:aws:kms:eu-west-1:" + member + ":key/k-iam"},
	}
}

func newAuthorizer(t *testing.T, f *fakeWorld) *Authorizer {
	t.Helper()
	sc, err := scenario.Parse("authz.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	org, err := organization.Build(sc, func(d scenario.Document) (string, error) { return d.JSON, nil })
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(Options{Readers: f, Org: org, Buckets: map[string]Place{"sessions-cc-42": {Account: member, Region: "eu-west-1"}},
		IdentityCenter: &IdentityCenter{Account: mgmt,
			SessionTags: map[string]map[string]string{"alice": {"CostCenter": "cc-42"}, "bob": {"CostCenter": "cc-77"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func session(account, role, user string) Caller {
	return Caller{ARN: "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + user, Account: account, UserID: "AROAEXAMPLE:" + user}
}

var (
	ro        = session(member, "AWSReservedSSO_ReadOnly_0123456789abcdef", "alice")
	pfAlice   = session(member, "AWSReservedSSO_PortForward_0123456789abcdef", "alice")
	pfBob     = session(member, "AWSReservedSSO_PortForward_0123456789abcdef", "bob")
	bounded   = session(member, "Bounded", "ci")
	mgmtAdmin = session(mgmt, "Admin", "ops")
	svc       = Caller{ARN: "arn:aws:iam::" + member + ":user/svc", Account: member, UserID: "AIDAEXAMPLE"}
)

func call(service, op, region string, caller Caller, params url.Values, json map[string]any) Call {
	return Call{Service: service, Operation: op, Region: region, Caller: caller, Params: Params{Form: params, JSON: json},
		SourceIP: "127.0.0.1", Time: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
}

func TestAuthorize(t *testing.T) {
	a := newAuthorizer(t, world())
	role := func(name string) url.Values { return url.Values{"RoleName": {name}} }
	tests := []struct {
		name    string
		c       Call
		outcome string
		message string // a fragment of the refusal
	}{
		{"a permission set without iam:GetRole is refused, naming the role with its path", call("iam", "GetRole", "us-east-1", pfAlice, role("AppRole"), nil),
			Denied, "is not authorized to perform: iam:GetRole on resource: arn:aws:iam::222222222222:role/app/AppRole because no identity-based policy allows the iam:GetRole action"},
		{"and succeeds on what it grants", call("ssm", "DescribeInstanceInformation", "eu-west-1", pfAlice, nil, map[string]any{}), Allowed, ""},
		{"read-only may read the role", call("iam", "GetRole", "us-east-1", ro, role("AppRole"), nil), Allowed, ""},
		{"the workload OU's SCP denies other regions", call("ssm", "DescribeInstanceInformation", "us-east-1", ro, nil, map[string]any{}),
			Denied, "ssm:DescribeInstanceInformation with an explicit deny in a service control policy"},
		{"the management account is exempt from SCPs", call("ssm", "DescribeInstanceInformation", "us-east-1", mgmtAdmin, nil, map[string]any{}), Allowed, ""},
		{"the permissions boundary limits an admin role", call("ec2", "DescribeInstances", "eu-west-1", bounded, nil, nil),
			Denied, "because no permissions boundary allows the ec2:DescribeInstances action"},
		{"inside the boundary", call("ssm", "GetConnectionStatus", "eu-west-1", bounded, nil, map[string]any{"Target": "i-1"}), Allowed, ""},
		{"GetCallerIdentity needs no permission", call("sts", "GetCallerIdentity", "us-east-1", pfAlice, nil, nil), NoAuth, ""},
		{"credentials moto never issued", call("sts", "GetCallerIdentity", "us-east-1", Caller{ARN: unknownCaller}, nil, nil), NoAuth, ""},
		{"unknown credentials elsewhere", call("ssm", "DescribeSessions", "eu-west-1", Caller{ARN: unknownCaller, Account: "123456789012"}, nil, map[string]any{}), BadCaller, ""},
		{"an operation without a mapping is refused, naming the gap", call("ssm", "PutParameter", "eu-west-1", mgmtAdmin, nil, map[string]any{}),
			Unmapped, "no IAM mapping for ssm:PutParameter"},
		{"a key policy that enables IAM policies", call("kms", "GetKeyPolicy", "eu-west-1", ro, nil, map[string]any{"KeyId": "alias/sessions"}), Allowed, ""},
		{"a key policy that does not: IAM alone cannot grant", call("kms", "DescribeKey", "eu-west-1", ro, nil,
			map[string]any{"KeyId": "arn:aws:kms:eu-west-1:222222222222:key/k-admin"}), Denied, "because no resource-based policy allows the kms:DescribeKey action"},
		{"account-level KMS actions need only IAM", call("kms", "ListAliases", "eu-west-1", ro, nil, map[string]any{}), Allowed, ""},
		{"an unknown key is left to KMS's NotFoundException", call("kms", "DescribeKey", "eu-west-1", pfAlice, nil, map[string]any{"KeyId": "alias/none"}), Allowed, ""},
		{"ABAC: alice's cost center bucket", call("s3", "GetBucketEncryption", "eu-west-1", pfAlice, nil, nil).withPath("/sessions-cc-42"), Allowed, ""},
		{"ABAC: not bob's", call("s3", "GetBucketEncryption", "eu-west-1", pfBob, nil, nil).withPath("/sessions-cc-42"),
			Denied, "is not authorized to perform: s3:GetEncryptionConfiguration on resource: arn:aws:s3:::sessions-cc-42"},
		{"an RCP on the bucket owner's OU denies whatever IAM allows", call("s3", "GetBucketPolicy", "eu-west-1", ro, nil, nil).withPath("/sessions-cc-42"),
			Denied, "s3:GetBucketPolicy on resource: arn:aws:s3:::sessions-cc-42 with an explicit deny in a resource control policy"},
		{"the RCP names one action only", call("s3", "GetBucketEncryption", "eu-west-1", ro, nil, nil).withPath("/sessions-cc-42"), Allowed, ""},
		{"AWS-managed policies are readable with iam:GetPolicy", call("iam", "GetPolicy", "us-east-1", ro, url.Values{"PolicyArn": {"arn:aws:iam::aws:policy/ReadOnlyAccess"}}, nil), Allowed, ""},
		{"but not without it", call("iam", "GetPolicy", "us-east-1", pfAlice, url.Values{"PolicyArn": {"arn:aws:iam::aws:policy/ReadOnlyAccess"}}, nil),
			Denied, "because no identity-based policy allows the iam:GetPolicy action"},
		{"a trust policy naming the user is enough in its account", call("sts", "AssumeRole", "us-east-1", svc, url.Values{"RoleArn": {"arn:aws:iam::222222222222:role/Audit"}}, nil), Allowed, ""},
		{"a trust policy naming the account needs the user's own permission", call("sts", "AssumeRole", "us-east-1", svc, url.Values{"RoleArn": {"arn:aws:iam::222222222222:role/Delegate"}}, nil),
			Denied, "because no identity-based policy allows the sts:AssumeRole action"},
		{"AWS-managed SCPs are readable from the management account", call("organizations", "ListTargetsForPolicy", "us-east-1", mgmtAdmin, nil,
			map[string]any{"PolicyId": "p-FullAWSAccess"}), Allowed, ""},
		{"a member account's read of the organization is left to its own policies (Organizations then decides)", call("organizations", "DescribeAccount", "eu-west-1", ro, nil,
			map[string]any{"AccountId": member}), Allowed, ""},
		{"and refused without them", call("organizations", "DescribeAccount", "eu-west-1", pfAlice, nil,
			map[string]any{"AccountId": member}), Denied, "because no identity-based policy allows the organizations:DescribeAccount action"},
		{"an IAM user's inline policy", call("ssm", "DescribeSessions", "eu-west-1", svc, nil, map[string]any{}), Allowed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := a.Authorize(context.Background(), tt.c)
			if d.Outcome != tt.outcome || !strings.Contains(d.Message, tt.message) {
				t.Errorf("decision = %+v\nwant outcome %s, message containing %q", d, tt.outcome, tt.message)
			}
			if d.Outcome == Denied && !strings.HasPrefix(d.Message, "User: "+tt.c.Caller.ARN+" is not authorized to perform: ") {
				t.Errorf("message %q does not start as AWS's does", d.Message)
			}
		})
	}
}

func (c Call) withPath(p string) Call {
	c.Params.Path = p
	return c
}

// The model reads each principal once, however many calls it decides.
func TestPoliciesAreReadOncePerPrincipal(t *testing.T) {
	f := world()
	a := newAuthorizer(t, f)
	for i := 0; i < 5; i++ {
		a.Authorize(context.Background(), call("ssm", "DescribeInstanceInformation", "eu-west-1", ro, nil, map[string]any{}))
		a.Authorize(context.Background(), call("iam", "GetRole", "us-east-1", ro, url.Values{"RoleName": {"AppRole"}}, nil))
	}
	if f.gets != 2 {
		t.Errorf("GetRole calls = %d, want 2 (the caller's role and AppRole, once each)", f.gets)
	}
}

func TestSimulateSeesTagsAndContext(t *testing.T) {
	a := newAuthorizer(t, world())
	source := "arn:aws:iam::222222222222:role" + ssoDir + "AWSReservedSSO_PortForward_0123456789abcdef"
	got := map[string]string{}
	for _, cc := range []string{"cc-42", "cc-77"} {
		out, err := a.Simulate(context.Background(), Simulation{Source: source, Actions: []string{"s3:GetEncryptionConfiguration", "ec2:DescribeInstances"},
			Resources: []string{"arn:aws:s3:::sessions-cc-42"}, Context: map[string][]string{"aws:PrincipalTag/CostCenter": {cc}, "aws:RequestedRegion": {"eu-west-1"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range out {
			got[cc+" "+e.Action] = e.Decision
		}
	}
	want := map[string]string{"cc-42 s3:GetEncryptionConfiguration": "allowed", "cc-42 ec2:DescribeInstances": "allowed",
		"cc-77 s3:GetEncryptionConfiguration": "implicitDeny", "cc-77 ec2:DescribeInstances": "allowed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("simulated decisions (-want +got):\n%s", diff)
	}
	// Without aws:RequestedRegion the workload OU's SCP (StringNotEquals on it) denies, as AWS's simulator does.
	out, err := a.Simulate(context.Background(), Simulation{Source: source, Actions: []string{"ec2:DescribeInstances"}})
	if err != nil || out[0].Decision != "explicitDeny" || out[0].AllowedByOrganizations {
		t.Errorf("without the region: %+v, %v; want explicitDeny by the SCP", out, err)
	}
	if _, err := a.Simulate(context.Background(), Simulation{Source: "arn:aws:sts::222222222222:assumed-role/x/y", Actions: []string{"s3:ListBucket"}}); err == nil {
		t.Error("a session ARN as PolicySourceArn: want an error, as AWS accepts users, groups and roles only")
	}
}
