package scenario

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const minimal = `
name: tiny
accounts:
  - id: "111122223333"
    name: dev
    roles:
      - name: app
        instanceProfile: true
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: ec2.amazonaws.com}
              Action: sts:AssumeRole
    vpcs:
      - name: main
        cidr: 10.0.0.0/16
        subnets: [{name: a, cidr: 10.0.1.0/24}]
    instances:
      - {name: web, subnet: a, instanceProfile: app}
`

func TestParseMinimal(t *testing.T) {
	s, err := Parse("tiny.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if s.Region != DefaultRegion {
		t.Errorf("region = %q, want default %q", s.Region, DefaultRegion)
	}
	want := `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}`
	if diff := cmp.Diff(want, s.Accounts[0].Roles[0].TrustPolicy.JSON); diff != "" {
		t.Errorf("trust policy JSON (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown field names file and line", "name: x\naccounts:\n  - id: \"111122223333\"\n    colour: red\n",
			[]string{"f.yaml:4: field colour not found"}},
		{"syntax error names line", "name: x\naccounts: [\n", []string{"f.yaml:"}},
		{"empty file", "", []string{"f.yaml: scenario is empty"}},
		{"unquoted account id", "name: x\naccounts:\n  - id: 12345\n", []string{`f.yaml:3: accounts[0]: id "12345" must be 12 digits`}},
		{"missing subnet", "name: x\naccounts:\n  - id: \"111122223333\"\n    instances: [{name: w, subnet: nope}]\n",
			[]string{`f.yaml:4: accounts[0]: instance w: subnet "nope" is not defined`}},
		{"assignment to unknown group", `name: x
accounts: [{id: "111122223333"}]
identityCenter:
  account: "111122223333"
  startUrl: https://d-1.awsapps.com/start
  permissionSets: [{name: PS}]
  assignments: [{account: "111122223333", permissionSet: PS, group: ghosts}]
`, []string{`f.yaml:7: identityCenter: assignments[0]: group "ghosts" is not defined`}},
		{"bad token expiry", `name: x
accounts: [{id: "111122223333"}]
identityCenter: {account: "111122223333", startUrl: u, users: [{userName: bob}]}
local:
  ssoCache: [{session: s, user: bob, expiresIn: tomorrow}]
`, []string{`f.yaml:5: local.ssoCache[0]: expiresIn "tomorrow" is not a duration`}},
		{"policy string must be JSON", "name: x\naccounts:\n  - id: \"111122223333\"\n    policies: [{name: p, document: '{not json'}]\n",
			[]string{"f.yaml:4: policy document is not valid JSON"}},
		{"fleet without subnets", "name: x\naccounts: [{id: \"111122223333\"}]\ngenerate: {account: \"111122223333\", instances: 5}\n",
			[]string{"f.yaml:3: generate: needs instances > 0 and at least one subnet"}},
		{"second of two instances", "name: x\naccounts:\n  - id: \"111122223333\"\n    vpcs: [{name: v, subnets: [{name: a}]}]\n    instances:\n      - {name: ok, subnet: a}\n      - {name: w, subnet: nope}\n",
			[]string{`f.yaml:7: accounts[0]: instance w: subnet "nope" is not defined`}},
		{"managed node by id", "name: x\naccounts:\n  - id: \"111122223333\"\n    managedNodes:\n      - {id: mi-1}\n",
			[]string{`f.yaml:5: accounts[0]: managed node "mi-1": id must look like`}},
		{"endpoint in an unknown subnet", "name: x\naccounts:\n  - id: \"111122223333\"\n    vpcs:\n      - name: v\n        subnets: [{name: a}]\n        endpoints:\n          - {service: ssmmessages, subnets: [b]}\n",
			[]string{`f.yaml:8: accounts[0]: vpc v: endpoint ssmmessages: subnet "b" is not in this vpc`}},
		{"route to an unknown NAT gateway", "name: x\naccounts:\n  - id: \"111122223333\"\n    vpcs:\n      - name: v\n        routeTables:\n          - {name: private, routes: [{destination: 0.0.0.0/0, natGateway: nat-a}]}\n",
			[]string{`f.yaml:7: accounts[0]: vpc v: routeTable private: NAT gateway "nat-a" is not in`}},
		{"subnet with an unknown network ACL", "name: x\naccounts:\n  - id: \"111122223333\"\n    vpcs:\n      - name: v\n        subnets: [{name: a, networkAcl: strict}]\n",
			[]string{`accounts[0]: vpc v: subnet a: network ACL "strict" is not in`}},
		{"instance state", "name: x\naccounts:\n  - id: \"111122223333\"\n    vpcs: [{name: v, subnets: [{name: a}]}]\n    instances: [{name: w, subnet: a, state: sleeping}]\n",
			[]string{`instance w: state "sleeping" must be running or stopped`}},
		{"bad fault kind", "name: x\nfaults: [{operation: 'ssm:*', kind: explode}]\n", []string{`f.yaml:2: faults[0]: fault ssm:*: unknown kind "explode"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestExpand(t *testing.T) {
	lookup := func(kind, name string) (string, bool) {
		switch kind + ":" + name {
		case "region:":
			return "eu-west-1", true
		case "kms:sm":
			return "arn:aws:kms:eu-west-1:111122223333:key/k1", true
		}
		return "", false
	}
	got, err := Expand(`{"Resource":"{{kms:sm}}","Region":"{{region}}","Var":"${aws:username}"}`, lookup)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Resource":"arn:aws:kms:eu-west-1:111122223333:key/k1","Region":"eu-west-1","Var":"${aws:username}"}`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
	if _, err := Expand("{{instance:ghost}}", lookup); err == nil || !strings.Contains(err.Error(), "{{instance:ghost}}") {
		t.Errorf("unknown placeholder error = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("name: x\nfaults: [{operation: 'ssm:*', kind: hang}]\n"))
	f.Add([]byte("a: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err == nil && s.Name == "" {
			t.Fatal("accepted a scenario without a name")
		}
	})
}
