package fidelity

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// eventually reads the audit log until done accepts it: the gateway writes a call's line
// after the answer is on the wire, so the CLI can exit a moment before it lands. The bound
// only keeps a broken gateway from wedging the test; nothing here measures time.
func eventually(t *testing.T, path string, done func([]audit.Call) bool) []audit.Call {
	t.Helper()
	var calls []audit.Call
	var err error
	for i := 0; i < 3000; i++ { // up to ~30 s on a starved machine; a few ms normally
		// A line being appended can be read half-written: that is "not yet", not an error.
		if calls, err = audit.ReadFile(path); err == nil && done(calls) {
			return calls
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// TestReadOnlyCheckFlagsMutatingCLICalls makes mutating calls on purpose, one per wire
// protocol, between read-only ones, and expects audit.NonReadOnly to name exactly them.
func TestReadOnlyCheckFlagsMutatingCLICalls(t *testing.T) {
	s := setup(t)
	calls := []struct {
		args     []string
		mutating bool
	}{
		{[]string{"sts", "get-caller-identity"}, false},
		{[]string{"ec2", "create-tags", "--resources", "vpc-0fidelity", "--tags", "Key=team,Value=ops"}, true},
		{[]string{"ec2", "describe-instances"}, false},
		{[]string{"iam", "tag-role", "--role-name", "fidelity", "--tags", "Key=team,Value=ops"}, true},
		{[]string{"iam", "list-roles"}, false},
		{[]string{"ssm", "put-parameter", "--name", "fidelity", "--value", "x", "--type", "String"}, true},
		{[]string{"ssm", "describe-instance-information"}, false},
		{[]string{"kms", "list-keys"}, false},
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			url, auditPath := s.gatewayWith(t, nil)
			env := cliEnv(append(staticKeys, "AWS_ENDPOINT_URL="+url))
			var want, all []string
			for _, call := range calls {
				c.run(t, env, url, call.args...) // moto may refuse a write; the attempt is what counts
				all = append(all, call.args[0]+" "+call.args[1])
				if call.mutating {
					want = append(want, call.args[0]+" "+call.args[1])
				}
			}
			audited := eventually(t, auditPath, func(got []audit.Call) bool { return len(got) >= len(calls) })
			if diff := cmp.Diff(all, commands(audited)); diff != "" {
				t.Errorf("audited calls (-want +got):\n%s", diff)
			}
			flagged, err := audit.NonReadOnly(auditPath)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, commands(flagged)); diff != "" {
				t.Errorf("flagged calls (-want +got):\n%s", diff)
			}
		})
	}
}

// commands names audited calls as CLI commands ("ec2 create-tags").
func commands(calls []audit.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Service+" "+cliVerb(c.Operation))
	}
	return out
}

// cliVerb turns an operation name into the CLI's kebab-case command (CreateTags -> create-tags).
func cliVerb(op string) string {
	var b strings.Builder
	for i, r := range op {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// call runs one CLI command (`service command ...`) against the shared sandbox and
// returns its result with the audit line of that call: every call must be audited.
// Signed calls are matched by the environment's access key id, so the other CLI running
// in parallel cannot stand in for a missing line.
func (s *fixture) call(t *testing.T, c awsCLI, env []string, args ...string) (cliResult, audit.Call) {
	t.Helper()
	before := s.auditLen(t)
	res := c.run(t, env, s.env.URL, args...)
	service, op, key := args[0], camel(args[1]), accessKeyID(env)
	if service == "s3api" { // the CLI's name for the S3 API; requests are signed for s3
		service = "s3"
	}
	var found audit.Call
	eventually(t, s.env.AuditPath, func(calls []audit.Call) bool {
		for _, a := range calls[before:] {
			if a.Service == service && a.Operation == op && (key == "" || a.AccessKeyID == key) {
				found = a
				return true
			}
		}
		return false
	})
	if found.Operation == "" {
		t.Errorf("aws %s %s is missing from the audit log", args[0], args[1])
	}
	return res, found
}

// accessKeyID is the access key id an environment signs with, empty for unsigned calls.
func accessKeyID(env []string) string {
	key := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "AWS_ACCESS_KEY_ID="); ok {
			key = v
		}
	}
	return key
}

// auditLen is the number of calls in the shared audit log so far.
func (s *fixture) auditLen(t *testing.T) int {
	t.Helper()
	calls, err := audit.ReadFile(s.env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	return len(calls)
}

// camel turns a CLI command into its operation name (get-role-credentials -> GetRoleCredentials).
func camel(cmd string) string {
	var b strings.Builder
	for _, part := range strings.Split(cmd, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
