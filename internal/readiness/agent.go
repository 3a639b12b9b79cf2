package readiness

import (
	"fmt"
	"slices"

	"github.com/hashicorp/go-version"

	"github.com/ssmkit/ssmkit/internal/sessionkind"
)

// Feature is something a session may need from SSM Agent.
type Feature string

// The session kinds and preference features with an agent minimum.
const (
	FeatureShell            Feature = "shell"
	FeatureSSH              Feature = "ssh"
	FeaturePortForwarding   Feature = "port-forwarding"
	FeatureRemotePortFwd    Feature = "remote-port-forwarding"
	FeatureKMS              Feature = "kms-encryption"
	FeatureRunAs            Feature = "run-as"
	FeatureShellProfile     Feature = "shell-profile"
	FeatureCloudWatchStream Feature = "cloudwatch-streaming"
	FeatureDHMC             Feature = "default-host-management"
)

// Minimum is the oldest agent version that supports a feature, and where
// AWS says so.
type Minimum struct {
	Feature Feature `json:"feature"`
	Version string  `json:"version"`
	Source  string  `json:"source"`
}

const (
	prereqPage   = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-prerequisites.html"
	startPage    = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html"
	releaseNotes = "https://github.com/aws/amazon-ssm-agent/blob/mainline/RELEASENOTES.md"
	dhmcPage     = "https://docs.aws.amazon.com/systems-manager/latest/userguide/managed-instances-default-host-management.html"
)

// Minimums lists SSM Agent minimums per feature. The prerequisites page has
// changed over time (port forwarding and SSH once needed 2.3.672.0; the
// current page says 3.0.222.0): these are the current page's figures.
func Minimums() []Minimum {
	return []Minimum{
		{FeatureShell, "2.3.68.0", prereqPage},
		{FeatureSSH, "3.0.222.0", prereqPage},
		{FeaturePortForwarding, "3.0.222.0", prereqPage},
		// "To start a Session Manager port forwarding session to a remote host,
		// version 3.1.1374.0 or later of SSM Agent must be installed."
		{FeatureRemotePortFwd, "3.1.1374.0", startPage},
		{FeatureKMS, "2.3.539.0", prereqPage},
		// Release 2.3.672.0: "Add support for Session Manager RunAs functionality on Linux platform".
		{FeatureRunAs, "2.3.672.0", releaseNotes},
		{FeatureShellProfile, "3.0.161.0", prereqPage},
		{FeatureCloudWatchStream, "3.0.284.0", prereqPage},
		{FeatureDHMC, "3.2.582.0", dhmcPage},
	}
}

// MinimumFor returns the minimum for a feature.
func MinimumFor(f Feature) (Minimum, bool) {
	for _, m := range Minimums() {
		if m.Feature == f {
			return m, true
		}
	}
	return Minimum{}, false
}

// SessionKinds are the features a user may ask about with --session.
func SessionKinds() []Feature {
	return []Feature{FeatureShell, FeatureSSH, FeaturePortForwarding, FeatureRemotePortFwd}
}

// SessionFeature maps a --session value to its feature. It takes the
// names ssm-canconnect takes (internal/sessionkind: port-forward,
// remote-port-forward), so one value works in both tools, and the feature
// names themselves.
func SessionFeature(s string) (Feature, bool) {
	switch sessionkind.Kind(s) {
	case sessionkind.PortForward:
		return FeaturePortForwarding, true
	case sessionkind.RemotePortForward:
		return FeatureRemotePortFwd, true
	}
	for _, f := range SessionKinds() {
		if Feature(s) == f {
			return f, true
		}
	}
	return "", false
}

// AgentSupport is one feature's verdict for an agent version.
type AgentSupport struct {
	Minimum
	Supported bool `json:"supported"`
	// Needed marks a feature this run requires (a session kind asked for, or
	// one the preferences turn on); an unsupported one that is not needed is
	// only a warning.
	Needed bool `json:"needed"`
}

// CompareVersions orders two dotted agent versions; an unparsable one is an error.
func CompareVersions(a, b string) (int, error) {
	va, err := version.NewVersion(a)
	if err != nil {
		return 0, fmt.Errorf("agent version %q: %w", a, err)
	}
	vb, err := version.NewVersion(b)
	if err != nil {
		return 0, fmt.Errorf("agent version %q: %w", b, err)
	}
	return va.Compare(vb), nil
}

// AgentSupports lists, for the agent version, every feature's minimum and
// whether it is met; needed features are marked. A version that cannot be
// parsed is an error.
func AgentSupports(agent string, needed []Feature) ([]AgentSupport, error) {
	var out []AgentSupport
	for _, m := range Minimums() {
		if m.Feature == FeatureDHMC {
			continue // judged with the agent identity
		}
		c, err := CompareVersions(agent, m.Version)
		if err != nil {
			return nil, err
		}
		out = append(out, AgentSupport{Minimum: m, Supported: c >= 0, Needed: m.Feature == FeatureShell || slices.Contains(needed, m.Feature)})
	}
	return out, nil
}
