package scenario

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Each problem of a scenario is its own `file:line: path: message` line.
func TestProblemsOnePerLine(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"availability zone of another region", `name: x
regions: [eu-west-1, us-east-1]
accounts:
  - id: "111122223333"
    vpcs:
      - name: v
        subnets: [{name: a, availabilityZone: us-east-1a}]
      - name: w
        region: us-east-1
        subnets: [{name: b, availabilityZone: us-east-1b}, {name: c, availabilityZone: us-east-1}]
`, []string{`f.yaml:7: accounts[0]: subnet a: availability zone "us-east-1a" is not in the vpc's region eu-west-1 (want eu-west-1a, eu-west-1b, ...)`,
			`f.yaml:10: accounts[0]: subnet c: availability zone "us-east-1" is not in the vpc's region us-east-1 (want us-east-1a, us-east-1b, ...)`}},
		{"regions not listed", `name: x
accounts:
  - id: "111122223333"
    region: us-east-1
    logGroups: [{name: g, region: ap-south-1}]
`, []string{`f.yaml:4: accounts[0].region: region "us-east-1" is not in regions (eu-west-1)`,
			`f.yaml:5: accounts[0]: logGroup g: region "ap-south-1" is not in regions (eu-west-1)`}},
		{"organization units and targets", `name: x
accounts: [{id: "111122223333"}, {id: "444455556666"}]
organization:
  managementAccount: "111122223333"
  units:
    - {name: A, accounts: ["444455556666"]}
    - {name: B, accounts: ["444455556666", "999999999999"]}
  scps: [{name: S, targets: [C], document: {Version: "2012-10-17", Statement: []}}]
  withoutFullAWSAccess: [A]
  delegatedAdministrators: [{account: "111122223333", servicePrincipal: sso.amazonaws.com}]
`, []string{`organization: unit B: account 444455556666 is already in unit A (an account has one parent)`,
			`organization: unit B: account "999999999999" is not in accounts`,
			`organization: scp S: target "C" is neither root, a unit name nor an account id`,
			`organization: withoutFullAWSAccess: A would have no SCP left`,
			`organization: delegatedAdministrators[0]: the management account cannot be a delegated administrator`}},
		{"ABAC configuration", `name: x
accounts: [{id: "111122223333"}]
identityCenter:
  account: "111122223333"
  startUrl: https://d-1.awsapps.com/start
  users: [{userName: ann, attributes: {costCentre: cc-1}}]
  accessControlAttributes:
    - {key: CostCenter, source: "${path:enterprise.costCentre}"}
    - {key: costcenter, source: "${path:costCenter}"}
`, []string{`identityCenter: user ann: attribute "costCentre" is not an identity store attribute`,
			`f.yaml:8: identityCenter.accessControlAttributes[0]: source "${path:enterprise.costCentre}" is not a user attribute path`,
			`f.yaml:9: identityCenter.accessControlAttributes[1]: key "costcenter" is empty or repeated`,
			`f.yaml:9: identityCenter.accessControlAttributes[1]: source "${path:costCenter}" is not a user attribute path`}},
		{"IAM mode and simulator callers", "name: x\niam: closed\nsimulatePrincipalPolicy: {callers: ['*']}\n",
			[]string{`f.yaml:2: iam: "closed" must be enforced (the default) or open`,
				`f.yaml:3: simulatePrincipalPolicy.callers: only with iam: open`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(lines), len(tt.want), err)
			}
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					found = found || strings.HasPrefix(l, w) || strings.HasPrefix(l, "f.yaml: "+w) || (strings.HasPrefix(l, "f.yaml:") && strings.Contains(l, ": "+w))
				}
				if !found {
					t.Errorf("no line starting %q in:\n%s", w, err)
				}
			}
		})
	}
}

func TestRegionDefaults(t *testing.T) {
	s, err := Parse("r.yaml", []byte(`
name: r
region: eu-west-1
regions: [eu-west-1, us-east-1]
accounts:
  - id: "111122223333"
    region: us-east-1
    vpcs: [{name: v, subnets: [{name: a}]}, {name: w, region: eu-west-1, subnets: [{name: b}]}]
    instances: [{name: i, subnet: b}]
    managedNodes: [{id: mi-0123456789abcdef0}]
    sessions: [{id: s1, target: "{{instance:i}}"}, {id: s2, target: mi-0123456789abcdef0}]
    regionalSettings: [{region: eu-west-1, serviceSettings: {activationTier: advanced}}]
`))
	if err != nil {
		t.Fatal(err)
	}
	a := s.Accounts[0]
	got := []string{a.Region, a.VPCs[0].Region, a.VPCs[1].Region, a.InstanceRegion("i"), a.ManagedNodes[0].Region, a.Sessions[0].Region, a.Sessions[1].Region}
	want := []string{"us-east-1", "us-east-1", "eu-west-1", "eu-west-1", "us-east-1", "eu-west-1", "us-east-1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	if _, eu := a.Settings("eu-west-1"); eu.ActivationTier != "advanced" {
		t.Errorf("eu-west-1 settings = %+v", eu)
	}
	if diff := cmp.Diff([]string{"eu-west-1", "us-east-1"}, a.AccountRegions()); diff != "" {
		t.Errorf("account regions (-want +got):\n%s", diff)
	}
}

func TestSessionTags(t *testing.T) {
	ic := &IdentityCenter{
		Users: []ICUser{{UserName: "ann", DisplayName: "Ann", Attributes: map[string]string{"costCenter": "cc-42", "title": "SRE", "manager": "bob"},
			SAMLAttributes: map[string]string{"Project": "blue", "CostCenter": "from-idp"}}},
		AccessControlAttributes: []AccessControlAttribute{{Key: "CostCenter", Source: "${path:enterprise.costCenter}"}, {Key: "Title", Source: "${path:title}"},
			{Key: "Manager", Source: "${path:enterprise.manager.value}"}, {Key: "Dept", Source: "${path:enterprise.department}"}, {Key: "Who", Source: "${path:userName}"}},
	}
	want := map[string]string{"CostCenter": "cc-42", "Title": "SRE", "Manager": "bob", "Project": "blue", "Who": "ann"}
	if diff := cmp.Diff(want, ic.SessionTags("ann")); diff != "" {
		t.Errorf("session tags: the configuration wins over the IdP, empty attributes are not passed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"costCenter": "cc-42", "manager": map[string]string{"value": "bob"}}, ic.Users[0].EnterpriseAttributes()); diff != "" {
		t.Errorf("enterprise attributes (-want +got):\n%s", diff)
	}
}
