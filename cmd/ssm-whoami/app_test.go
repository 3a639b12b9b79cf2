package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const config = `[profile cast-dev]
sso_session = cast
sso_account_id = 925774240130
sso_role_name = SSM_PortForward
region = eu-west-2
[profile cast-idc]
sso_session = idc
sso_account_id = 717279730613
sso_role_name = ReadOnly
region = eu-west-2
[sso-session cast]
sso_start_url = https://d-1.awsapps.com/start
sso_region = eu-west-2
[sso-session idc]
sso_start_url = https://d-2.awsapps.com/start
sso_region = eu-west-2
[profile eoe-hie]
aws_access_key_id = AKIAEXAMPLEKEY
aws_secret_access_key = wJalrXUtnFEMI/SECRET
region = eu-west-2
`

// world is a temp HOME with the config above: cast is logged in, idc expired.
type world struct {
	env     map[string]string
	mu      sync.Mutex
	calls   []string
	answers map[string]string // profile -> caller ARN
	errors  map[string]error  // profile -> what AWS answers instead
}

func newWorld(t *testing.T) *world {
	t.Helper()
	home := t.TempDir()
	cache := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(path, body string) {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(home, ".aws", "config"), config)
	token := func(session string, exp time.Time) {
		sum := sha1.Sum([]byte(session))
		write(filepath.Join(cache, hex.EncodeToString(sum[:])+".json"),
			`{"accessToken":"SSOACCESSTOKEN","expiresAt":"`+exp.Format(time.RFC3339)+`"}`)
	}
	token("cast", now.Add(3*time.Hour))
	token("idc", now.Add(-time.Hour))
	return &world{
		env: map[string]string{"HOME": home},
		answers: map[string]string{
			"cast-dev": "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM_PortForward_0123456789abcdef/a-a836660",
			"eoe-hie":  "arn:aws:iam::135808916559:user/tf-deployment",
		},
	}
}

type stsFunc func(context.Context) (*sts.GetCallerIdentityOutput, error)

func (f stsFunc) GetCallerIdentity(ctx context.Context, _ *sts.GetCallerIdentityInput, _ ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return f(ctx)
}

func (w *world) deps() deps {
	return deps{
		env:  func(k string) string { return w.env[k] },
		home: func() (string, error) { return w.env["HOME"], nil },
		now:  func() time.Time { return now },
		connect: func(paths.Paths, bool) identity.Connector {
			return func(_ context.Context, profile string) (identity.Clients, error) {
				w.mu.Lock()
				w.calls = append(w.calls, profile)
				w.mu.Unlock()
				return identity.Clients{Region: "eu-west-2", STS: stsFunc(func(context.Context) (*sts.GetCallerIdentityOutput, error) {
					if err := w.errors[profile]; err != nil {
						return nil, err
					}
					a := w.answers[profile]
					return &sts.GetCallerIdentityOutput{Arn: aws.String(a), Account: aws.String(strings.Split(a, ":")[4])}, nil
				})}, nil
			}
		},
	}
}

type result struct {
	code           int
	stdout, stderr string
}

func (w *world) run(t *testing.T, stdin string, tty bool, args ...string) result {
	t.Helper()
	var out, errw bytes.Buffer
	s := output.Streams{In: strings.NewReader(stdin), Out: &out, Err: &errw, InPiped: stdin != "", OutTTY: tty}
	code := cmdutil.RunContext(context.Background(), newAppWith(w.deps()), append([]string{"ssm-whoami", "--no-cache"}, args...), s)
	return result{code, out.String(), errw.String()}
}

func records(t *testing.T, ndjson string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(ndjson), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("stdout line %q is not JSON: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestPipedProfilesGiveOneIdentityEachInOrder(t *testing.T) {
	w := newWorld(t)
	stdin := `{"kind":"Profile","apiVersion":"ssmkit/v1","name":"eoe-hie"}
{"kind":"Profile","apiVersion":"ssmkit/v1","name":"cast-idc"}
{"kind":"Decision","apiVersion":"ssmkit/v1","id":"x"}
{"kind":"Profile","apiVersion":"ssmkit/v1","name":"cast-dev"}
`
	r := w.run(t, stdin, false)
	var got [][]any
	for _, m := range records(t, r.stdout) {
		got = append(got, []any{m["kind"], m["profile"], m["principalType"], m["permissionSet"], m["sessionName"], m["fix"]})
	}
	want := [][]any{
		{"Identity", "eoe-hie", "iam-user", nil, nil, nil},
		{"Identity", "cast-idc", nil, nil, nil, "aws sso login --sso-session idc"},
		{"Identity", "cast-dev", "sso", "SSM_PortForward", "a-a836660", nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if r.code != 4 || !strings.Contains(r.stderr, "skipping a Decision record") || !strings.Contains(r.stderr, "error: profile cast-idc") {
		t.Errorf("exit %d, stderr %q: want 4, a note on the Decision and one error line", r.code, r.stderr)
	}
	if diff := cmp.Diff([]string{"cast-dev", "eoe-hie"}, sortedCalls(w)); diff != "" {
		t.Errorf("profiles that reached AWS (-want +got):\n%s", diff)
	}
}

func sortedCalls(w *world) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := append([]string(nil), w.calls...)
	slices.Sort(out)
	return out
}

func TestExpiredTokenNeedsNoNetwork(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, "", false, "--profile", "cast-idc")
	if r.code != 4 || len(w.calls) != 0 || !strings.Contains(r.stdout, `"fix":"aws sso login --sso-session idc"`) {
		t.Errorf("exit %d, %d AWS connections, stdout %s", r.code, len(w.calls), r.stdout)
	}
}

// A token that looks valid but the SSO portal refuses (signed out
// elsewhere) still gets the login command, quoted for the shell.
func TestRefusedTokenGetsTheLoginFix(t *testing.T) {
	w := newWorld(t)
	cfgPath := filepath.Join(w.env["HOME"], ".aws", "config")
	extra := "[profile spaced]\nsso_session = my corp\nsso_account_id = 925774240130\nsso_role_name = R\nregion = eu-west-2\n" +
		"[sso-session 'my corp']\nsso_start_url = https://d-3.awsapps.com/start\nsso_region = eu-west-2\n"
	token := `{"accessToken":"SSOACCESSTOKEN","expiresAt":"` + now.Add(time.Hour).Format(time.RFC3339) + `"}`
	if err := os.WriteFile(cfgPath, []byte(config+extra), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.env["HOME"], ".aws", "sso", "cache", ssocache.Key("my corp")+".json"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	w.errors = map[string]error{"spaced": &smithy.OperationError{ServiceID: "SSO", OperationName: "GetRoleCredentials",
		Err: &smithy.GenericAPIError{Code: "UnauthorizedException", Message: "Session token not found or invalid"}}}
	r := w.run(t, "", false, "spaced")
	m := records(t, r.stdout)
	if r.code != 4 || len(m) != 1 || m[0]["fix"] != "aws sso login --sso-session 'my corp'" {
		t.Errorf("exit %d, stdout %s", r.code, r.stdout)
	}
}

func TestQuietAndNameForms(t *testing.T) {
	w := newWorld(t)
	if r := w.run(t, "", false, "-q", "cast-dev", "cast-idc"); r.code != 4 || r.stdout != "" || r.stderr != "" {
		t.Errorf("-q: exit %d, stdout %q, stderr %q; want 4 and silence", r.code, r.stdout, r.stderr)
	}
	want := "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM_PortForward_0123456789abcdef/a-a836660\narn:aws:iam::135808916559:user/tf-deployment\n"
	// Flags may come before or after the profile names, as in kubectl.
	for _, args := range [][]string{{"-o", "name", "cast-dev", "eoe-hie"}, {"cast-dev", "eoe-hie", "-o", "name"},
		{"cast-dev", "-o", "name", "--", "eoe-hie"}} {
		r := w.run(t, "", false, args...)
		if r.code != 0 || r.stdout != want {
			t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}

func TestTableOnATerminal(t *testing.T) {
	w := newWorld(t)
	r := w.run(t, "", true, "cast-dev", "cast-idc")
	want := `PROFILE   ACCOUNT       ROLE                              SESSION    EXPIRES   STATUS   FIX
cast-dev  925774240130  SSM_PortForward (permission set)  a-a836660  in 3h00m  ok       
cast-idc  -             -                                 -          expired   expired  aws sso login --sso-session idc
`
	if diff := cmp.Diff(want, r.stdout); diff != "" || r.code != 4 {
		t.Errorf("exit %d, table (-want +got):\n%s", r.code, diff)
	}
}

func TestBadInput(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name    string
		stdin   string
		args    []string
		wantErr string
	}{
		{"garbage on stdin", "not json\n", nil, "error: stdin line 1: not a JSON record"},
		{"garbage after a good record", `{"kind":"Profile","apiVersion":"ssmkit/v1","name":"eoe-hie"}` + "\n{oops\n", nil,
			"error: stdin line 2: not a JSON record"},
		{"zero concurrency", "", []string{"--concurrency", "0", "cast-dev"}, "error: --concurrency must be at least 1"},
		{"unknown output", "", []string{"-o", "xml", "cast-dev"}, `error: unknown output format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.run(t, tt.stdin, false, tt.args...)
			if r.code != 2 || !strings.HasPrefix(r.stderr, tt.wantErr) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, no output and one line starting %q", r.code, r.stdout, r.stderr, tt.wantErr)
			}
		})
	}
	// After "--" a name that looks like a flag is a profile name.
	if r := w.run(t, "", false, "--", "-o"); r.code != 2 || !strings.Contains(r.stderr, "error: profile -o: no profile -o in this machine's AWS config files") {
		t.Errorf("-- -o: exit %d, stderr %q; want exit 2 for the undefined profile -o", r.code, r.stderr)
	}
	if r := w.run(t, "\n", false); r.code != 1 || !strings.Contains(r.stderr, "no Profile or Identity records on stdin") {
		t.Errorf("empty stdin: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := w.run(t, "\n", false, "-q"); r.code != 1 || r.stdout+r.stderr != "" {
		t.Errorf("empty stdin with -q: exit %d, output %q; want 1 and silence", r.code, r.stdout+r.stderr)
	}
}

// --timeout bounds the whole run, even a pipe whose writer never closes.
func TestTimeoutBoundsAStdinThatNeverCloses(t *testing.T) {
	w := newWorld(t)
	stuck, writer := io.Pipe()
	defer writer.Close()
	var out, errw bytes.Buffer
	s := output.Streams{In: stuck, Out: &out, Err: &errw, InPiped: true}
	code := cmdutil.RunContext(context.Background(), newAppWith(w.deps()), []string{"ssm-whoami", "--timeout", "50ms"}, s)
	if code != 3 || out.Len() != 0 || !strings.HasPrefix(errw.String(), "error: stdin was still open after --timeout 50ms") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errw.String())
	}
}

func TestEnvironmentCredentialsWinOverAWSProfile(t *testing.T) {
	w := newWorld(t)
	w.env["AWS_PROFILE"] = "cast-idc" // expired, but not used: the keys in the environment are
	w.env["AWS_ACCESS_KEY_ID"], w.env["AWS_SECRET_ACCESS_KEY"] = "AKIAENVKEY", "envsecret"
	w.answers[""] = "arn:aws:iam::135808916559:user/ci"
	r := w.run(t, "", false)
	m := records(t, r.stdout)
	if r.code != 0 || len(m) != 1 || m[0]["credentialSource"] != "env" || m[0]["arn"] != "arn:aws:iam::135808916559:user/ci" {
		t.Errorf("exit %d, stdout %s", r.code, r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, "envsecret") || strings.Contains(r.stdout+r.stderr, "SSOACCESSTOKEN") {
		t.Error("a secret reached the output")
	}
}
