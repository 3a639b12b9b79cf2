package awsconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

// botocoreScript loads each case with the AWS CLI's own botocore (the copy
// the CLI v2 vendors) and prints, per case, the profile map Session builds.
const botocoreScript = `
import json, os, sys
sys.path.insert(0, sys.argv[1])
import botocore.session
out = []
for cfg, creds in json.load(sys.stdin):
    os.environ["AWS_CONFIG_FILE"], os.environ["AWS_SHARED_CREDENTIALS_FILE"] = cfg, creds
    try:
        full = botocore.session.Session().full_config
        out.append({"profiles": [[n, v] for n, v in full["profiles"].items()],
                    "ssoSessions": full.get("sso_sessions", {})})
    except Exception as e:
        out.append({"error": type(e).__name__})
json.dump(out, sys.stdout)
`

// cliBotocore returns the python and the awscli package folder of the AWS
// CLI v2 that awsCLIv2 finds (its shebang names the interpreter).
func cliBotocore(t *testing.T) (python, pkg string) {
	t.Helper()
	aws := awsCLIv2(t)
	head, err := os.ReadFile(aws)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(head), "\n")
	python = strings.TrimSpace(strings.TrimPrefix(first, "#!"))
	out, err := exec.Command(python, "-c", "import awscli, os; print(os.path.dirname(awscli.__file__))").Output()
	if err != nil || !strings.HasPrefix(first, "#!") {
		t.Fatalf("cannot find the AWS CLI v2's Python package from %s (%q): %v", aws, first, err)
	}
	return python, strings.TrimSpace(string(out))
}

// The generator's vocabulary: section headers, lines inside a section
// (settings, continuations, blanks, comments) and lines that break a file.
var (
	configHeaders = []string{"[default]", "[profile a]", "[profile  b ]", `[profile "c d"]`, "[profile 'e f']",
		"[profilex]", "[profile a b]", "[sso-session s]", "[services x]", "[plain]", "[DEFAULT]", `[profile "open]`,
		"[profile a] ; trailing", "[a]b]", `[profile "q\"r"]`, "[profile default]", "[profile  a]", "[plugins]"}
	credHeaders = []string{"[default]", "[a]", "[profile a]", "[c d]", "[DEFAULT]", "[ci]"}
	bodyLines   = []string{"region = us-east-1", "Region: eu-west-1", "k=v", "k2 = v # c", "  nested = 1", "s3 =",
		"  addressing_style = path", "key ==x", "\tk3 = tab", "", "", "# comment", "; c", "  # ic",
		"role_arn = arn:aws:iam::1:role/x", "sso_session = s", "output: json", "  [profile indented]",
		"aws_access_key_id = AKIA", "x = a;b", "  ", "\t"}
	badLines = []string{"= novalue", "novalue", "[]", "  bad nested"}
)

// genFile writes 1-4 sections of 0-5 body lines; a header or key may
// repeat (which the CLI rejects) and now and then a broken line slips in.
func genFile(r *rand.Rand, headers []string) string {
	var lines []string
	if r.IntN(20) == 0 {
		lines = append(lines, bodyLines[r.IntN(len(bodyLines))]) // before any header
	}
	for range 1 + r.IntN(4) {
		lines = append(lines, headers[r.IntN(len(headers))])
		perm := r.Perm(len(bodyLines))
		for _, k := range perm[:r.IntN(6)] {
			lines = append(lines, bodyLines[k])
		}
		if r.IntN(15) == 0 {
			lines = append(lines, badLines[r.IntN(len(badLines))])
		}
	}
	eol := "\n"
	if r.IntN(8) == 0 {
		eol = "\r\n"
	}
	return strings.Join(lines, eol) + eol
}

// ours renders our parse in the shape the script prints.
func ours(cfg, creds string) map[string]any {
	f, err := Load(paths.Paths{ConfigFile: cfg, CredentialsFile: creds})
	var pe *ini.ParseError
	if errors.As(err, &pe) {
		return map[string]any{"error": "parse"}
	}
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	profiles := []any{}
	for _, p := range f.Profiles() {
		profiles = append(profiles, []any{p.Name, render(p.values)})
	}
	sessions := map[string]any{}
	for _, n := range f.SSOSessionNames() {
		s, _ := f.SSOSession(n)
		sessions[n] = render(s.values)
	}
	return map[string]any{"profiles": profiles, "ssoSessions": sessions}
}

// render shows settings as botocore holds them: nested blocks as maps.
func render(keys ini.Keys) map[string]any {
	vals := map[string]any{}
	for _, k := range keys {
		if k.Sub == nil {
			vals[k.Name] = k.Value
			continue
		}
		sub := map[string]any{}
		for sk, sv := range k.Sub {
			sub[sk] = sv
		}
		vals[k.Name] = sub
	}
	return vals
}

// TestDifferentialAgainstBotocore generates hundreds of small config and
// credentials files from tricky pieces and requires the AWS CLI's own
// botocore and this package to agree on every profile name, order and
// value, every sso-session, and on which files are malformed.
func TestDifferentialAgainstBotocore(t *testing.T) {
	python, pkg := cliBotocore(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(2, 2026))
	var cases [][2]string
	for i := range 1500 {
		cfg, creds := filepath.Join(dir, fmt.Sprintf("config%d", i)), filepath.Join(dir, fmt.Sprintf("creds%d", i))
		if err := os.WriteFile(cfg, []byte(genFile(r, configHeaders)), 0o600); err != nil {
			t.Fatal(err)
		}
		if r.IntN(2) == 0 {
			if err := os.WriteFile(creds, []byte(genFile(r, credHeaders)), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cases = append(cases, [2]string{cfg, creds})
	}
	in, _ := json.Marshal(cases)
	cmd := exec.Command(python, "-c", botocoreScript, pkg)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore script: %v", err)
	}
	var theirs []map[string]any
	if err := json.Unmarshal(out, &theirs); err != nil || len(theirs) != len(cases) {
		t.Fatalf("botocore script output: %v (%d results)", err, len(theirs))
	}
	agreedErrors := 0
	for i, c := range cases {
		want := theirs[i]
		if _, failed := want["error"]; failed {
			want = map[string]any{"error": "parse"}
			agreedErrors++
		}
		got := ours(c[0], c[1])
		// Round-trip ours through JSON so both sides have the same types.
		b, _ := json.Marshal(got)
		var gotJSON map[string]any
		_ = json.Unmarshal(b, &gotJSON)
		if diff := cmp.Diff(want, gotJSON); diff != "" {
			cfg, _ := os.ReadFile(c[0])
			creds, _ := os.ReadFile(c[1])
			t.Errorf("case %d: config %q credentials %q (-botocore +ours)\n%s", i, cfg, creds, diff)
		}
	}
	t.Logf("%d cases, %d malformed for both", len(cases), agreedErrors)
	if agreedErrors == 0 || agreedErrors == len(cases) {
		t.Errorf("%d of %d cases malformed: the generator should exercise both outcomes", agreedErrors, len(cases))
	}
}
