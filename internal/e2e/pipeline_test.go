package e2e

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox"
)

// gapHeading is how the findings report titles a gap: "### N. component: check (status)".
var gapHeading = regexp.MustCompile(`(?m)^### [0-9]+\. ([a-zA-Z ]+): ([a-z.-]+) \((fail|unknown|warn)\)$`)

func reportGaps(md string) []string {
	seen := map[string]bool{}
	for _, m := range gapHeading.FindAllStringSubmatch(md, -1) {
		seen[m[1]+": "+m[2]] = true
	}
	var out []string
	for g := range seen {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

func sameStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}

// TestSeedPipeline is the seed investigation as one line: ssm-canconnect
// decides for both users through Identity Center, ssm-readiness checks the
// instance and folds everything into one findings report that names every
// planted gap and no false one, with the instance first.
func TestSeedPipeline(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	// The legacy cast-identity login has expired; the same portal's sso-session
	// `cast` is logged in, so a profile on it reaches the Identity Center account.
	appendFile(t, env.Local.Config, "\n[profile cast-identity-sso]\nsso_session = cast\nsso_account_id = 717279730613\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n")
	r := runScript(t, env, bin, `ssm-canconnect --profile cast-dev-admin `+
		`--identity-center-profile "$(ssm-profiles -o name --account 717279730613 --logged-in)" `+
		`--as-user a-a836660 --as-user a-a837172 --session port-forward Name=cast-dev-app01 | ssm-readiness -o markdown`)
	if r.code != 1 || strings.Contains(r.stderr, "error:") {
		t.Fatalf("exit %d, want 1 (not ready)\n%s", r.code, r.stderr)
	}
	sameStrings(t, "the report's gaps", reportGaps(r.stdout), []string{
		"instance: target", "instance: managed", // Online but not connected
		"permission set: start-session", "permission set: session-lifecycle", // a-a837172 has only ReadOnlyDev
		"network: network",                  // no ssmmessages endpoint, no NAT route
		"session logging: session-logging",  // the instance role cannot write the logs
		"session preferences: account.scps", // the investigator cannot read the SCPs (warn)
	})
	for _, want := range []string{
		"| a-a836660 (Ana Andrade) | i-", "| a-a837172 (Aaron Abbott) | i-",
		"1. **the instance is not online and connected in Systems Manager**",
		"request membership of group aws-ec2-ssm-operators for a-a837172 in SailPoint",
		"com.amazonaws.eu-west-1.ssmmessages",
		"```mermaid\nflowchart LR\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestWhitepaperPipeline: both whitepaper users on both instances and the
// hybrid node, through the auditor's keys.
func TestWhitepaperPipeline(t *testing.T) {
	env := sandbox.StartT(t, "whitepaper")
	bin := buildTools(t)
	r := runScript(t, env, bin, `ssm-canconnect --profile auditor --as-user testuser01 --as-user testuser02 `+
		`Name=prod-web01 Name=dev-web01 mi-0a1b2c3d4e5f60718 | ssm-readiness -o markdown`)
	if r.code != 1 || strings.Contains(r.stderr, "error:") {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	sameStrings(t, "the report's gaps", reportGaps(r.stdout), []string{
		"permission set: session-lifecycle",     // TerminateSession on session/${aws:username}-*
		"permission set: start-session",         // testuser02 on Production and the reverse
		"instance: target", "instance: managed", // the hybrid node is not connected
		"instance: hybrid-tier",            // standard activation tier
		"session logging: session-logging", // SessionManagerLogPolicy never attached
	})
	if n := strings.Count(r.stdout, " | yes | "); n != 2 {
		t.Errorf("%d yes answers, want testuser01 on prod-web01 and testuser02 on dev-web01\n%s", n, r.stdout)
	}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
