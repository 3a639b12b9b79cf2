package organization

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

const orgYAML = `
name: org-test
accounts:
  - {id: "111111111111", name: Management}
  - {id: "222222222222", name: Dev}
  - {id: "333333333333", name: Prod}
  - {id: "444444444444", name: Sandbox}
organization:
  managementAccount: "111111111111"
  units:
    - name: Workloads
      units:
        - {name: NonProd, accounts: ["222222222222"]}
        - {name: Prod, accounts: ["333333333333"]}
  scps:
    - {name: DenyLeave, document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'}
    - {name: OnlyEU, targets: [Workloads], document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"{{region}}"}}}]}'}
    - {name: ProdAllowList, targets: ["333333333333"], document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:*","ec2:Describe*"],"Resource":"*"}]}'}
  withoutFullAWSAccess: ["333333333333"]
  delegatedAdministrators: [{account: "444444444444", servicePrincipal: sso.amazonaws.com}]
`

func build(t *testing.T) *Org {
	t.Helper()
	sc, err := scenario.Parse("org.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	o, err := Build(sc, func(d scenario.Document) (string, error) {
		return scenario.Expand(d.JSON, func(string, string) (string, bool) { return "eu-west-1", true })
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func names(o *Org, ids []string) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, o.Kind(id)+":"+o.Name(id))
	}
	return out
}

func TestChainAndLevels(t *testing.T) {
	o := build(t)
	levels := func(account string) [][]string {
		var out [][]string
		for _, lvl := range o.Levels(account, TypeSCP) {
			var l []string
			for _, p := range lvl {
				l = append(l, p.Name)
			}
			out = append(out, l)
		}
		return out
	}
	tests := []struct {
		account string
		chain   []string
		levels  [][]string
	}{
		{"333333333333", []string{"ROOT:Root", "ORGANIZATIONAL_UNIT:Workloads", "ORGANIZATIONAL_UNIT:Prod", "ACCOUNT:Prod"},
			[][]string{{"FullAWSAccess", "DenyLeave"}, {"FullAWSAccess", "OnlyEU"}, {"FullAWSAccess"}, {"ProdAllowList"}}},
		{"222222222222", []string{"ROOT:Root", "ORGANIZATIONAL_UNIT:Workloads", "ORGANIZATIONAL_UNIT:NonProd", "ACCOUNT:Dev"},
			[][]string{{"FullAWSAccess", "DenyLeave"}, {"FullAWSAccess", "OnlyEU"}, {"FullAWSAccess"}, {"FullAWSAccess"}}},
		{"444444444444", []string{"ROOT:Root", "ACCOUNT:Sandbox"}, [][]string{{"FullAWSAccess", "DenyLeave"}, {"FullAWSAccess"}}},
		// SCPs never apply to the management account.
		{"111111111111", []string{"ROOT:Root", "ACCOUNT:Management"}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.chain, names(o, o.Chain(tt.account))); diff != "" {
			t.Errorf("chain of %s (-want +got):\n%s", tt.account, diff)
		}
		if diff := cmp.Diff(tt.levels, levels(tt.account)); diff != "" {
			t.Errorf("SCP levels of %s (-want +got):\n%s", tt.account, diff)
		}
	}
	only, _ := o.Policy(o.PoliciesFor(o.Chain("222222222222")[1], TypeSCP)[1].ID)
	if want := `"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}`; !strings.Contains(only.Content, want) {
		t.Errorf("OnlyEU content %s: placeholders not expanded", only.Content)
	}
}

func TestTargetsParentsAndReaders(t *testing.T) {
	o := build(t)
	scps := o.Policies(TypeSCP)
	if diff := cmp.Diff([]string{"FullAWSAccess", "DenyLeave", "OnlyEU", "ProdAllowList"}, policyNames(scps)); diff != "" {
		t.Errorf("SCPs (-want +got):\n%s", diff)
	}
	full := scps[0]
	if got := names(o, o.TargetsFor(full.ID)); cmp.Diff([]string{"ROOT:Root", "ORGANIZATIONAL_UNIT:Workloads", "ORGANIZATIONAL_UNIT:NonProd",
		"ACCOUNT:Dev", "ORGANIZATIONAL_UNIT:Prod", "ACCOUNT:Management", "ACCOUNT:Sandbox"}, got) != "" {
		t.Errorf("FullAWSAccess targets = %v (detached from Prod only)", got)
	}
	if o.ARN(full.ID) != "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" {
		t.Errorf("FullAWSAccess ARN = %s", o.ARN(full.ID))
	}
	prodOU, _ := o.Parent("333333333333")
	if p, _ := o.Parent(prodOU); o.Name(p) != "Workloads" {
		t.Errorf("parent of Prod OU = %s", o.Name(p))
	}
	if got := names(o, o.Children(o.RootID, KindAccount)); cmp.Diff([]string{"ACCOUNT:Management", "ACCOUNT:Sandbox"}, got) != "" {
		t.Errorf("accounts under the root = %v", got)
	}
	for account, want := range map[string]bool{"111111111111": true, "444444444444": true, "222222222222": false} {
		if o.CanRead(account) != want {
			t.Errorf("CanRead(%s) = %v, want %v", account, !want, want)
		}
	}
	if o.Enabled(TypeRCP) {
		t.Error("RCPs are enabled without any RCP")
	}
}

func policyNames(ps []*Policy) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}
