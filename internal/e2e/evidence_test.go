package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// portalTap is a reverse proxy in front of the sandbox that keeps the role
// credentials the SSO portal hands out, so the test can look for them.
type portalTap struct {
	mu      sync.Mutex
	secrets []string
}

func (p *portalTap) start(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(r *http.Response) error {
		if !strings.HasPrefix(r.Request.URL.Path, "/federation/credentials") {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var out struct {
			RoleCredentials struct {
				SecretAccessKey string `json:"secretAccessKey"`
				SessionToken    string `json:"sessionToken"`
			} `json:"roleCredentials"`
		}
		if json.Unmarshal(body, &out) == nil {
			p.mu.Lock()
			p.secrets = append(p.secrets, out.RoleCredentials.SecretAccessKey, out.RoleCredentials.SessionToken)
			p.mu.Unlock()
		}
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// comparable drops what replay cannot reproduce without the reviewer's
// profiles: the SSO token's expiry in the credentials reason and the role ARN
// derived from the profile's SSO region. Every decision, check status,
// reason and fix must match.
func comparable(t *testing.T, ndjson string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(ndjson), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not a record: %.200s", line)
		}
		delete(r["principal"].(map[string]any), "roleArn")
		for _, c := range r["checks"].([]any) {
			c := c.(map[string]any)
			if c["id"] == "credentials" {
				reason := c["reason"].(string)
				if i := strings.Index(reason, " (SSO token valid until"); i >= 0 {
					c["reason"] = reason[:i]
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// TestEvidenceBundleKeepsNoSecretAndReplaysOffline records a seed check,
// proves no secret reached any bundle file (the machine's keys and SSO
// tokens, and the role credentials the portal handed out during the run),
// replays it with zero calls in the sandbox's audit log and the same
// findings, and refuses a tampered bundle or one from another version.
func TestEvidenceBundleKeepsNoSecretAndReplaysOffline(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	tap := &portalTap{}
	portal := tap.start(t, env.URL)
	dir := filepath.Join(t.TempDir(), "bundle")
	check := "ssm-canconnect --no-cache --profile cast-dev-admin --session port-forward Name=cast-dev-app01 i-0000000000000000f"
	rec := runScript(t, env, bin, "AWS_ENDPOINT_URL_SSO="+portal+" "+check+" --evidence "+dir)
	if rec.code != 1 || !strings.Contains(rec.stdout, `"decision":"denied"`) {
		t.Fatalf("recording run: exit %d\n%s\n%s", rec.code, rec.stdout, rec.stderr)
	}

	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index.json", "findings.ndjson", "report.md"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("bundle lacks %s", want)
		}
	}
	if len(files) < 6 {
		t.Fatalf("bundle holds %d files, want the responses too: %v", len(files), files)
	}
	secrets := append(sandboxSecrets(t, env), tap.secrets...)
	if len(tap.secrets) == 0 {
		t.Fatal("the portal handed out no credentials through the tap: the secret check would prove nothing")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if s != "" && bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret (%.6s…)", f, s)
			}
		}
	}
	var ix struct {
		Findings []struct {
			Summary string   `json:"summary"`
			Files   []string `json:"files"`
		} `json:"findings"`
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "index.json"))
	if err := json.Unmarshal(raw, &ix); err != nil || len(ix.Findings) != 2 {
		t.Fatalf("index.json: %v, %d findings", err, len(ix.Findings))
	}
	if !strings.Contains(ix.Findings[0].Summary, "cast-dev-app01") && len(ix.Findings[0].Files) == 0 {
		t.Errorf("the app01 finding names no backing response: %+v", ix.Findings[0])
	}
	report, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(report), "```mermaid") || !strings.Contains(string(report), "not online and connected") {
		t.Errorf("report.md lacks the access path or the interpretation:\n%s", report)
	}

	before := auditLen(t, env)
	replay := runScript(t, env, bin, "AWS_ENDPOINT_URL=http://127.0.0.1:9 ssm-canconnect --from-evidence "+dir)
	if n := auditLen(t, env) - before; n != 0 {
		calls, _ := audit.ReadFile(env.AuditPath)
		t.Errorf("replay made %d AWS calls: %+v", n, calls[before:])
	}
	if replay.code != rec.code {
		t.Errorf("replay exit %d, recording %d\n%s", replay.code, rec.code, replay.stderr)
	}
	a, b := comparable(t, rec.stdout), comparable(t, replay.stdout)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Errorf("replay gives other findings:\nrecorded %s\nreplayed %s", ja, jb)
	}

	// Another version, then a tampered response: refused, exit 2, one error line.
	other := strings.Replace(string(raw), `"version": "`, `"version": "v0.0.1-other `, 1)
	if err := os.WriteFile(filepath.Join(dir, "index.json"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runScript(t, env, bin, "ssm-canconnect --from-evidence "+dir)
	if r.code != 2 || !strings.Contains(r.stderr, "error: --from-evidence") || !strings.Contains(r.stderr, "replay it with version v0.0.1-other") || r.stdout != "" {
		t.Errorf("another version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.json"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	resp, _ := filepath.Glob(filepath.Join(dir, "responses", "*EC2-DescribeInstances.json"))
	if len(resp) == 0 {
		t.Fatal("no DescribeInstances response recorded")
	}
	changed := false
	for _, f := range resp { // the answer that said the instance runs now says it is stopped
		body, _ := os.ReadFile(f)
		if tampered := bytes.Replace(body, []byte("running"), []byte("stopped"), 1); !bytes.Equal(tampered, body) {
			changed = true
			if err := os.WriteFile(f, tampered, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !changed {
		t.Fatal("no recorded answer says running: nothing to tamper with")
	}
	r = runScript(t, env, bin, "ssm-canconnect --from-evidence "+dir)
	if r.code != 2 || !strings.Contains(r.stderr, "was changed after the bundle was written") || r.stdout != "" {
		t.Errorf("tampered bundle: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReadinessEvidenceReplaysThePipeline records the seed pipeline's
// ssm-readiness half (AccessCheck records piped in) and replays it offline:
// zero audited calls, the same Readiness records, and no secret in the bundle.
func TestReadinessEvidenceReplaysThePipeline(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	rec := runScript(t, env, bin, "ssm-canconnect --no-cache --profile cast-dev-admin --session port-forward Name=cast-dev-app01 | ssm-readiness --evidence "+dir)
	if rec.code != 1 || !strings.Contains(rec.stdout, `"kind":"Readiness"`) {
		t.Fatalf("recording run: exit %d\n%s\n%s", rec.code, rec.stdout, rec.stderr)
	}
	for _, want := range []string{"index.json", "findings.ndjson", "report.md", "input.ndjson"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("bundle lacks %s", want)
		}
	}
	secrets := sandboxSecrets(t, env)
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret (%.6s…)", p, s)
			}
		}
		return nil
	})
	before := auditLen(t, env)
	replay := runScript(t, env, bin, "AWS_ENDPOINT_URL=http://127.0.0.1:9 ssm-readiness --from-evidence "+dir)
	if n := auditLen(t, env) - before; n != 0 {
		t.Errorf("replay made %d AWS calls", n)
	}
	if replay.code != rec.code || replay.stdout != rec.stdout {
		t.Errorf("replay differs: exit %d (recorded %d)\nrecorded %s\nreplayed %s\n%s", replay.code, rec.code, rec.stdout, replay.stdout, replay.stderr)
	}
}

// TestAsUserEvidenceReplaysEachUser: two Identity Center users whose lookups
// differ only in a union-typed parameter replay as themselves, offline.
func TestAsUserEvidenceReplaysEachUser(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	appendFile(t, env.Local.Config, "\n[profile cast-identity-sso]\nsso_session = cast\nsso_account_id = 717279730613\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n")
	dir := filepath.Join(t.TempDir(), "bundle")
	rec := runScript(t, env, bin, "ssm-canconnect --no-cache --profile cast-dev-admin --identity-center-profile cast-identity-sso "+
		"--as-user a-a836660 --as-user a-a837172 --session port-forward Name=cast-dev-app01 --evidence "+dir)
	if rec.code != 1 || strings.Count(rec.stdout, `"kind":"AccessCheck"`) != 2 {
		t.Fatalf("recording run: exit %d\n%s\n%s", rec.code, rec.stdout, rec.stderr)
	}
	before := auditLen(t, env)
	replay := runScript(t, env, bin, "AWS_ENDPOINT_URL=http://127.0.0.1:9 ssm-canconnect --from-evidence "+dir)
	if n := auditLen(t, env) - before; n != 0 {
		t.Errorf("replay made %d AWS calls", n)
	}
	ja, _ := json.Marshal(comparable(t, rec.stdout))
	jb, _ := json.Marshal(comparable(t, replay.stdout))
	if replay.code != rec.code || !bytes.Equal(ja, jb) {
		t.Errorf("replay differs (exit %d, recorded %d):\nrecorded %s\nreplayed %s\n%s", replay.code, rec.code, ja, jb, replay.stderr)
	}
}
