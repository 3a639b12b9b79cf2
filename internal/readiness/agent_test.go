package readiness

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAgentSupports(t *testing.T) {
	unsupported := func(agent string, needed ...Feature) map[Feature]bool {
		got, err := AgentSupports(agent, needed)
		if err != nil {
			t.Fatal(err)
		}
		out := map[Feature]bool{}
		for _, s := range got {
			if !s.Supported {
				out[s.Feature] = s.Needed
			}
		}
		return out
	}
	tests := []struct {
		agent  string
		needed []Feature
		want   map[Feature]bool // unsupported feature -> needed
	}{
		{"3.3.1142.0", []Feature{FeatureRemotePortFwd}, map[Feature]bool{}},
		// cast-dev-db01's agent supports every session kind; only its age is news.
		{"3.2.582.0", []Feature{FeaturePortForwarding, FeatureKMS}, map[Feature]bool{}},
		{"3.0.1390.0", []Feature{FeatureRemotePortFwd}, map[Feature]bool{FeatureRemotePortFwd: true}},
		{"3.0.161.0", []Feature{FeaturePortForwarding}, map[Feature]bool{
			FeatureSSH: false, FeaturePortForwarding: true, FeatureRemotePortFwd: false, FeatureCloudWatchStream: false}},
		{"2.3.50.0", nil, map[Feature]bool{FeatureShell: true, FeatureSSH: false, FeaturePortForwarding: false, FeatureRemotePortFwd: false,
			FeatureKMS: false, FeatureRunAs: false, FeatureShellProfile: false, FeatureCloudWatchStream: false}},
		// Numeric, not lexical: 3.0.1000.0 is newer than 3.0.222.0.
		{"3.0.1000.0", []Feature{FeatureSSH}, map[Feature]bool{FeatureRemotePortFwd: false}},
	}
	for _, tt := range tests {
		t.Run(tt.agent, func(t *testing.T) {
			if d := cmp.Diff(tt.want, unsupported(tt.agent, tt.needed...)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	if _, err := AgentSupports("not-a-version", nil); err == nil {
		t.Error("a garbage version was accepted")
	}
}

func TestEveryMinimumCitesAWS(t *testing.T) {
	for _, m := range Minimums() {
		if m.Source == "" || m.Version == "" {
			t.Errorf("%s has no version or source", m.Feature)
		}
	}
}
