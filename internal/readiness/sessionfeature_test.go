package readiness

import "testing"

// ssm-readiness --session takes the values ssm-canconnect --session takes,
// so one flag value works in both tools of a pipeline.
func TestSessionFeatureTakesCanconnectNames(t *testing.T) {
	for in, want := range map[string]Feature{
		"shell":                  FeatureShell,
		"ssh":                    FeatureSSH,
		"port-forward":           FeaturePortForwarding,
		"remote-port-forward":    FeatureRemotePortFwd,
		"port-forwarding":        FeaturePortForwarding,
		"remote-port-forwarding": FeatureRemotePortFwd,
	} {
		got, ok := SessionFeature(in)
		if !ok || got != want {
			t.Errorf("SessionFeature(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "rdp", "kms-encryption", "Shell"} {
		if f, ok := SessionFeature(bad); ok {
			t.Errorf("SessionFeature(%q) = %q, accepted; want refused", bad, f)
		}
	}
}
