package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/access"
)

func accessFor(profile, region, id, spec, kind string) passThrough {
	a := access.AccessCheck{Principal: access.Principal{Profile: profile},
		Target: access.TargetRef{ID: id, Spec: spec, Region: region}}
	a.Session.Kind = access.Kind(kind)
	return passThrough{AccessCheck: a}
}

// Each piped target is checked once, with the profile and region of the
// record that named it; the flags fill in what a record leaves out.
func TestPipedGroups(t *testing.T) {
	p := piped{checks: []passThrough{
		accessFor("dev", "eu-west-1", "i-1", "Name=app", "port-forward"),
		accessFor("dev", "eu-west-1", "i-1", "Name=app", "shell"), // a second user, same target
		accessFor("dev", "us-east-1", "i-2", "", "port-forward"),
		accessFor("", "", "", "Name=gone", "port-forward"), // not found: what the user typed
		accessFor("prod", "eu-west-1", "i-3", "", "port-forward"),
		accessFor("dev", "eu-west-1", "i-4", "", "port-forward"),
	}}
	got := p.groups("flagprofile", "eu-central-1")
	want := []group{
		{scope{"dev", "eu-west-1"}, []string{"i-1", "i-4"}},
		{scope{"dev", "us-east-1"}, []string{"i-2"}},
		{scope{"flagprofile", "eu-central-1"}, []string{"Name=gone"}},
		{scope{"prod", "eu-west-1"}, []string{"i-3"}},
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(group{}, scope{})); d != "" {
		t.Errorf("groups (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"port-forward", "shell"}, p.sessions()); d != "" {
		t.Errorf("sessions (-want +got):\n%s", d)
	}
}

// A piped AccessCheck prints as the bytes it came as.
func TestPassThroughKeepsTheBytes(t *testing.T) {
	raw := `{"kind":"AccessCheck","apiVersion":"ssmkit/v1","futureField":{"x":1},"decision":"denied"}`
	b, err := passThrough{raw: []byte(raw)}.MarshalJSON()
	if err != nil || string(b) != raw {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	for decision, code := range map[string]int{access.Allowed: 0, access.Denied: 1, access.Unknown: 3, "": 3} {
		if got := (passThrough{AccessCheck: access.AccessCheck{Decision: decision}}).exitCode(); got != code {
			t.Errorf("decision %q: exit %d, want %d", decision, got, code)
		}
	}
}
