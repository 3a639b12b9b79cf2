package audit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestIsReadOnly(t *testing.T) {
	tests := map[string]bool{
		"GetCallerIdentity": true, "ListAccounts": true, "DescribeInstanceInformation": true,
		"SimulatePrincipalPolicy": true, "SelectResourceConfig": true, "GetRoleCredentials": true,
		"StartSession": false, "PutRolePolicy": false, "CreateGrant": false, "AssumeRole": true, "AssumeRoleWithWebIdentity": true,
		"AssumeRoleWithSAML": false, "GetSessionToken": true,
		"Decrypt": false, "GET /": false, "": false, "get": false,
	}
	for op, want := range tests {
		t.Run(op, func(t *testing.T) {
			if got := IsReadOnly(op); got != want {
				t.Errorf("IsReadOnly(%q) = %v, want %v", op, got, want)
			}
		})
	}
}

func TestNonReadOnlyReportsOnlyMutatingCalls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(f)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	calls := []Call{
		{Time: at, Service: "sts", Operation: "GetCallerIdentity", Principal: "arn:aws:sts::1:assumed-role/R/u", Status: 200, Served: "moto"},
		{Time: at, Service: "ssm", Operation: "StartSession", Status: 200, Served: "moto"},
		{Time: at, Service: "sso", Operation: "GetRoleCredentials", Principal: "sso-user/u", Status: 200, Served: "gateway"},
		{Time: at, Service: "iam", Operation: "PutRolePolicy", Status: 403, Error: "AccessDenied", Served: "moto"},
	}
	var wg sync.WaitGroup
	for _, c := range calls {
		wg.Add(1)
		go func(c Call) { defer wg.Done(); _ = w.Write(c) }(c)
	}
	wg.Wait()
	f.Close()

	got, err := NonReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]bool{}
	for _, c := range got {
		ops[c.Operation] = true
	}
	if diff := cmp.Diff(map[string]bool{"StartSession": true, "PutRolePolicy": true}, ops); diff != "" {
		t.Errorf("NonReadOnly operations (-want +got):\n%s", diff)
	}
}

func TestReadRejectsBadLineWithItsNumber(t *testing.T) {
	_, err := Read(strings.NewReader("{\"operation\":\"GetRole\"}\nnot json\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want one naming line 2", err)
	}
}

func TestWriterOneLinePerCall(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	_ = w.Write(Call{Service: "ec2", Operation: "DescribeInstances", Status: 200})
	_ = w.Write(Call{Service: "kms", Operation: "GetKeyPolicy", Status: 400, Error: "AccessDeniedException"})
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), buf.String())
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back[1].Error != "AccessDeniedException" || back[0].Operation != "DescribeInstances" {
		t.Errorf("round trip lost data: %+v", back)
	}
}
