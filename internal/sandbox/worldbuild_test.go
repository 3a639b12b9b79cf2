package sandbox

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

func TestRelativeTimes(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in, def string
		want    time.Time
		wantErr bool
	}{
		{"-2m", "", now.Add(-2 * time.Minute), false},
		{"", "-1m", now.Add(-time.Minute), false},
		{"2026-01-02T03:04:05Z", "", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), false},
		{"yesterday", "", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := relative(now, tt.in, tt.def)
		if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
			t.Errorf("relative(%q, %q) = %s, %v; want %s (err %v)", tt.in, tt.def, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestBuildWorldFromScenario(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	online, lost := &scenario.SSMState{PingStatus: "Online"}, &scenario.SSMState{PingStatus: "ConnectionLost", Connection: ""}
	sc := &scenario.Scenario{Region: "eu-west-1",
		Accounts: []scenario.Account{{ID: "111122223333", Name: "Dev", Instances: []scenario.Instance{
			{Name: "a", Platform: "Windows", Tags: map[string]string{"k": "v"}, SSM: online},
			{Name: "b", SSM: lost},
			{Name: "unmanaged"},
		}}},
		IdentityCenter: &scenario.IdentityCenter{Users: []scenario.ICUser{{UserName: "ann"}},
			Groups:         []scenario.ICGroup{{Name: "ops", Members: []string{"ann"}}},
			PermissionSets: []scenario.PermissionSet{{Name: "Ops", SessionDuration: "PT8H"}, {Name: "RO"}},
			Assignments: []scenario.Assignment{{Account: "111122223333", PermissionSet: "Ops", Group: "ops"},
				{Account: "111122223333", PermissionSet: "Ops", User: "ann"}, {Account: "111122223333", PermissionSet: "RO", User: "ann"}}},
	}
	res := &seed.Result{InstanceIDs: map[string]string{"a": "i-a", "b": "i-b", "unmanaged": "i-u"}, ReservedRoles: map[string]string{}}
	w, err := buildWorld(sc, res, []seed.Token{{Value: "tok", User: "ann", Expires: now.Add(time.Hour)}}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range w.Nodes["111122223333"] {
		got = append(got, n.InstanceID+"/"+n.PingStatus+"/"+n.PlatformType+"/"+map[bool]string{true: "connected", false: "notconnected"}[n.Connected]+"/"+n.Tags["Name"])
	}
	want := []string{"i-a/Online/Windows/connected/a", "i-b/ConnectionLost/Linux/notconnected/b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"111122223333": {"Ops", "RO"}}, w.Portal.Roles["ann"]); diff != "" {
		t.Errorf("portal roles, deduplicated across group and direct assignments (-want +got):\n%s", diff)
	}
	if w.Portal.SessionHours["Ops"] != 8*time.Hour || w.Portal.Tokens["tok"].User != "ann" {
		t.Errorf("portal = %+v", w.Portal)
	}
}
