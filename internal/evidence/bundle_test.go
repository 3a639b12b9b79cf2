package evidence

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

func writeBundle(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "b")
	ex := []awsclient.Exchange{{Service: "EC2", Operation: "DescribeInstances", Params: []byte(`{"InstanceIds":["i-1"]}`), Status: 200, Body: "<x>i-1</x>"},
		{Service: "STS", Operation: "GetCallerIdentity", Params: []byte(`{}`), Status: 200, Body: "<Arn>a</Arn>"}}
	recs := []Record{{JSON: []byte(`{"kind":"AccessCheck"}`), Summary: "i-1: no", Needles: []string{"i-1"}}}
	if err := Write(dir, Index{Tool: "ssm-canconnect", Version: "v1", Args: []string{"i-1"}}, ex, recs, "# report\n"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestOpenVerifiesTheBundle(t *testing.T) {
	dir := writeBundle(t)
	b, err := Open(dir, "ssm-canconnect", "v1")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Exchanges) != 2 || len(b.Findings) != 1 || len(b.Findings[0].Files) != 1 || !strings.Contains(b.Findings[0].Files[0], "EC2-DescribeInstances") {
		t.Errorf("bundle: %+v", b.Index)
	}
	for name, tc := range map[string]struct {
		change  func()
		version string
		want    string
	}{
		"another version": {func() {}, "v2", "written by ssm-canconnect v1; this is v2"},
		"changed file":    {func() { os.WriteFile(filepath.Join(dir, ReportFile), []byte("# edited\n"), 0o644) }, "v1", "report.md was changed"},
		"added response":  {func() { os.WriteFile(filepath.Join(dir, ResponsesDir, "999-x.json"), []byte("{}"), 0o644) }, "v1", "a file was added"},
		"missing file":    {func() { os.Remove(filepath.Join(dir, FindingsFile)) }, "v1", "findings.ndjson is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			dir = writeBundle(t)
			tc.change()
			_, err := Open(dir, "ssm-canconnect", tc.version)
			if err == nil || !strings.Contains(err.Error(), tc.want) || exitcode.Of(err) != exitcode.Usage {
				t.Errorf("err = %v, want %q (exit 2)", err, tc.want)
			}
		})
	}
	if _, err := Open(t.TempDir(), "ssm-canconnect", "v1"); err == nil || !strings.Contains(err.Error(), "not an evidence bundle") {
		t.Errorf("empty dir: %v", err)
	}
	if err := Write(writeBundle(t), Index{}, []awsclient.Exchange{{Service: "S", Operation: "O"}}, nil, ""); err == nil {
		t.Error("writing over an earlier bundle must be refused")
	}
}
