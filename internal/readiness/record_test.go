package readiness

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sampleRecords() []Readiness {
	app01 := NewReadiness(ScopeTarget, TargetRef{ID: "i-0a1", Name: "cast-dev-app01", Account: "925774240130", Region: "eu-west-1"}, []Check{
		{ID: "instance", Status: Pass, Reason: "running, Linux/UNIX"},
		{ID: "managed", Status: Pass, Reason: "Online, last ping 2m0s ago"},
		{ID: "network", Status: Fail, Reason: "ssmmessages: no interface endpoint | no route to the internet",
			Fixes: fixes("aws ec2 create-vpc-endpoint --vpc-id vpc-1 --service-name com.amazonaws.eu-west-1.ssmmessages")},
		{ID: "account.preferences", Status: Pass, Reason: "preferences: KMS key alias/session-manager"},
	})
	db01 := NewReadiness(ScopeTarget, TargetRef{ID: "i-0b2", Name: "cast-dev-db01", Account: "925774240130", Region: "eu-west-1"}, []Check{
		{ID: "agent", Status: Warn, Reason: "agent 3.2.582.0 is not the latest version", Fixes: fixes("aws ssm send-command --document-name AWS-UpdateSSMAgent --instance-ids i-0b2")},
	})
	unk := NewReadiness(ScopeTarget, TargetRef{ID: "i-0c3", Account: "925774240130", Region: "eu-west-1"}, []Check{
		{ID: "agent-identity", Status: Unknown, Reason: "not allowed to call iam:GetRole: needs permission iam:GetRole"},
	})
	return []Readiness{app01, db01, unk}
}

func TestVerdictsAndExitCodes(t *testing.T) {
	rs := sampleRecords()
	var got []any
	for _, r := range rs {
		got = append(got, []any{string(r.Verdict), r.ExitCode()})
	}
	want := []any{[]any{"not-ready", exitcode.No}, []any{"ready", exitcode.OK}, []any{"unknown", exitcode.Unknown}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"aws ec2 create-vpc-endpoint --vpc-id vpc-1 --service-name com.amazonaws.eu-west-1.ssmmessages"}, rs[0].Fixes); d != "" {
		t.Errorf("fixes (-want +got):\n%s", d)
	}
	var s Summary
	for _, r := range rs {
		s.Add(r)
	}
	if want := "summary: 3 targets: 1 ready, 1 not ready, 1 unknown\nfailing: network 1\nunknown: agent-identity 1"; s.String() != want {
		t.Errorf("summary %q, want %q", s.String(), want)
	}
}

func TestRecordGolden(t *testing.T) {
	for _, f := range []output.Format{output.Table, output.Wide, output.Markdown} {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			p := output.NewPrinter(output.Streams{Out: &buf}, f)
			for _, r := range sampleRecords() {
				if err := p.Print(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Flush(); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "records."+string(f)+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), buf.String()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
