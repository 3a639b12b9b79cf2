package awsconfig

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

// awsCLIv2 finds an AWS CLI v2 (`aws configure list-profiles` exists only in
// v2): the first `aws` on PATH if it is v2, else Debian's /usr/bin/aws.
func awsCLIv2(t *testing.T) string {
	t.Helper()
	var candidates []string
	if p, err := exec.LookPath("aws"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/aws")
	for _, c := range candidates {
		out, err := exec.Command(c, "--version").CombinedOutput()
		if err == nil && strings.HasPrefix(string(out), "aws-cli/2") {
			return c
		}
	}
	msg := "AWS CLI v2 not found (the first `aws` on PATH and /usr/bin/aws are not v2): install it, e.g. apt-get install -y awscli on Debian"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestProfileNamesMatchAWSCLI runs `aws configure list-profiles` on every
// fixture and requires the same names in the same order, and that both
// refuse the malformed ones.
func TestProfileNamesMatchAWSCLI(t *testing.T) {
	aws := awsCLIv2(t)
	root, err := filepath.Abs("../../testdata/config")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		dir := filepath.Join(root, d.Name())
		t.Run(d.Name(), func(t *testing.T) {
			p := paths.Paths{ConfigFile: filepath.Join(dir, "config"), CredentialsFile: filepath.Join(dir, "credentials")}
			cmd := exec.Command(aws, "configure", "list-profiles")
			cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin",
				"AWS_CONFIG_FILE=" + p.ConfigFile, "AWS_SHARED_CREDENTIALS_FILE=" + p.CredentialsFile}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			runErr := cmd.Run()
			cliFailed := strings.Contains(stderr.String(), "Unable to parse config file")
			if runErr != nil && !cliFailed {
				t.Fatalf("aws configure list-profiles: %v: %s", runErr, stderr.String())
			}
			files, err := Load(p)
			var pe *ini.ParseError
			switch {
			case cliFailed && errors.As(err, &pe):
				return // both refuse the file
			case cliFailed || err != nil:
				t.Fatalf("disagree on whether the files parse: aws says %q, we say %v", stderr.String(), err)
			}
			var want []string
			if s := strings.TrimRight(stdout.String(), "\n"); s != "" {
				want = strings.Split(s, "\n")
			}
			var got []string
			for _, p := range files.Profiles() {
				got = append(got, p.Name)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("profile names (-aws +ours)\n%s", diff)
			}
		})
	}
}
