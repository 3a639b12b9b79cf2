package readiness

import (
	"context"
	"regexp"
	"strings"
)

// Local tool minimums, with the AWS pages that state them.
const (
	// "To use the Session Manager plugin, you must have AWS CLI version
	// 1.16.12 or later" (session-manager-working-with-install-plugin.html).
	MinAWSCLI = "1.16.12"
	// "The current minimum supported version is 1.2.764.0"
	// (https://docs.aws.amazon.com/systems-manager/latest/userguide/plugin-version-history.html).
	MinPlugin   = "1.2.764.0"
	pluginPage  = "https://docs.aws.amazon.com/systems-manager/latest/userguide/plugin-version-history.html"
	installPage = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html"
	cliPage     = "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
)

// Programs runs the local tools the checks look at.
type Programs interface {
	// LookPath finds a program on PATH.
	LookPath(name string) (string, error)
	// Output runs the program and returns what it printed (stdout and stderr).
	Output(ctx context.Context, path string, args ...string) ([]byte, error)
}

// Tool is what a local check found of one program.
type Tool struct {
	Name    string `json:"name"`
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	Minimum string `json:"minimum,omitempty"`
	Source  string `json:"source,omitempty"`
}

var (
	awsVersionRE = regexp.MustCompile(`aws-cli/([0-9][0-9.]*)`)
	dottedRE     = regexp.MustCompile(`\b([0-9]+(?:\.[0-9]+){1,3})\b`)
	sshVersionRE = regexp.MustCompile(`OpenSSH[_A-Za-z]*[_ ]([0-9][0-9A-Za-z.]*)`)
)

// CheckAWSCLI finds the AWS CLI and compares its version with MinAWSCLI.
func CheckAWSCLI(ctx context.Context, p Programs) Check {
	c := Check{ID: "local.aws-cli", Title: "AWS CLI"}
	t, out, ok := toolVersion(ctx, p, "aws", awsVersionRE, "--version")
	t.Minimum, t.Source = MinAWSCLI, installPage
	c.Evidence = t
	return versionVerdict(c, t, ok, out, "install or update the AWS CLI: "+cliPage)
}

// CheckPlugin finds session-manager-plugin and compares its version with MinPlugin.
func CheckPlugin(ctx context.Context, p Programs) Check {
	c := Check{ID: "local.session-manager-plugin", Title: "Session Manager plugin"}
	t, out, ok := toolVersion(ctx, p, "session-manager-plugin", dottedRE, "--version")
	t.Minimum, t.Source = MinPlugin, pluginPage
	c.Evidence = t
	return versionVerdict(c, t, ok, out, "install or update the Session Manager plugin: "+installPage)
}

// CheckSSH finds an ssh client; it is needed only for SSH sessions
// (AWS-StartSSHSession through a ProxyCommand), so its absence is a warning.
func CheckSSH(ctx context.Context, p Programs) Check {
	c := Check{ID: "local.ssh", Title: "ssh client"}
	t, _, ok := toolVersion(ctx, p, "ssh", sshVersionRE, "-V")
	c.Evidence = t
	switch {
	case t.Path == "":
		c.Status, c.Reason = Warn, "no ssh on PATH: needed only for SSH over Session Manager"
		c.Fixes = fixes("install an OpenSSH client")
	case !ok:
		c.Status, c.Reason = Pass, "ssh at "+t.Path+" (version not recognised)"
	default:
		c.Status, c.Reason = Pass, "ssh "+t.Version+" at "+t.Path
	}
	return c
}

// toolVersion finds name on PATH and reads its version; ok is false when
// the program is missing, fails, or prints no version re recognises.
func toolVersion(ctx context.Context, p Programs, name string, re *regexp.Regexp, args ...string) (Tool, string, bool) {
	t := Tool{Name: name}
	path, err := p.LookPath(name)
	if err != nil {
		return t, "", false
	}
	t.Path = path
	out, err := p.Output(ctx, path, args...)
	text := firstLine(string(out))
	if err != nil && len(out) == 0 {
		return t, err.Error(), false
	}
	m := re.FindStringSubmatch(string(out))
	if m == nil {
		return t, text, false
	}
	t.Version = m[1]
	return t, text, true
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

func versionVerdict(c Check, t Tool, ok bool, out, fix string) Check {
	switch {
	case t.Path == "":
		c.Status, c.Reason, c.Fixes = Fail, t.Name+" is not on PATH", fixes(fix)
	case !ok:
		c.Status, c.Reason = Unknown, t.Name+" --version printed no version I recognise: "+out
		c.Fixes = fixes(fix)
	default:
		cmp, err := CompareVersions(t.Version, t.Minimum)
		switch {
		case err != nil:
			c.Status, c.Reason = Unknown, err.Error()
		case cmp < 0:
			c.Status, c.Reason, c.Fixes = Fail, t.Name+" "+t.Version+" is older than the minimum "+t.Minimum, fixes(fix)
		default:
			c.Status, c.Reason = Pass, t.Name+" "+t.Version+" (minimum "+t.Minimum+")"
		}
	}
	return c
}
