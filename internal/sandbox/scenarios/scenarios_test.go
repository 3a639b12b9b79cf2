package scenarios

import (
	"os"
	"strings"
	"testing"
)

func TestBundledScenariosLoad(t *testing.T) {
	if len(Names()) == 0 {
		t.Fatal("no bundled scenarios")
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			s, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != name {
				t.Errorf("scenario %s.yaml is named %q", name, s.Name)
			}
		})
	}
}

func TestLoadUnknownNamesTheChoices(t *testing.T) {
	_, err := Load("nope")
	if err == nil || !strings.Contains(err.Error(), "seed") {
		t.Fatalf("err = %v, want the list of bundled scenarios", err)
	}
}

func TestSeedScenarioPlantsTheGaps(t *testing.T) {
	s, err := Load("seed")
	if err != nil {
		t.Fatal(err)
	}
	ic := s.IdentityCenter
	sets := func(user string) map[string]bool {
		m := map[string]bool{}
		for _, a := range ic.UserAssignments(user) {
			if a.Account == "925774240130" {
				m[a.PermissionSet] = true
			}
		}
		return m
	}
	if !sets("a-a836660")["EC2-SSM-PortForward"] {
		t.Error("a-a836660 should hold EC2-SSM-PortForward in CASTSoftware-dev")
	}
	if sets("a-a837172")["EC2-SSM-PortForward"] || len(sets("a-a837172")) == 0 {
		t.Errorf("a-a837172 should have access, but not EC2-SSM-PortForward: %v", sets("a-a837172"))
	}
	for _, p := range ic.PermissionSets {
		if p.Name == "EC2-SSM-PortForward" && strings.Contains(p.InlinePolicy.JSON, "GenerateDataKey") {
			t.Error("EC2-SSM-PortForward must lack kms:GenerateDataKey (planted gap)")
		}
	}
	dev := s.AccountByID("925774240130")
	var services []string
	for _, e := range dev.VPCs[0].Endpoints {
		services = append(services, e.Service)
	}
	if strings.Contains(strings.Join(services, ","), "ssmmessages") {
		t.Errorf("the dev VPC must lack an ssmmessages endpoint (planted gap): %v", services)
	}
}

func TestLoadReadsAFileByPath(t *testing.T) {
	path := t.TempDir() + "/mine.yaml"
	if err := os.WriteFile(path, []byte("name: mine\naccounts: [{id: \"111122223333\", name: Dev}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "mine" || s.Accounts[0].Name != "Dev" {
		t.Errorf("loaded %+v", s)
	}
	bad := t.TempDir() + "/bad.yaml"
	_ = os.WriteFile(bad, []byte("name: bad\nacounts: []\n"), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad+":2:") {
		t.Errorf("err = %v, want one naming %s:2", err, bad)
	}
}
