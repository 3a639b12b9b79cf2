package awsalias

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
)

// The block is what the AWS CLI reads: one [toplevel] with a `!` alias per
// tool, each a shell function sh accepts.
func TestBlockParsesAsTheAWSCLIReadsIt(t *testing.T) {
	f, err := ini.ParseRaw("alias", []byte(Block(true)))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sections) != 1 || f.Sections[0].Header != "toplevel" {
		t.Fatalf("sections %+v", f.Sections)
	}
	var names []string
	for _, k := range f.Sections[0].Keys {
		names = append(names, k.Name)
		body := strings.TrimSpace(k.Value)
		if !strings.HasPrefix(body, "!f() {") {
			t.Errorf("%s is not a shell alias: %.40q", k.Name, body)
		}
		if out, err := exec.Command("sh", "-n", "-c", body[1:]).CombinedOutput(); err != nil {
			t.Errorf("%s: sh -n: %v\n%s", k.Name, err, out)
		}
	}
	if d := cmp.Diff([]string{"whoami", "profiles", "canconnect", "readiness"}, names); d != "" {
		t.Errorf("aliases (-want +got):\n%s", d)
	}
	if strings.Contains(Block(false), "\n[toplevel]\n") {
		t.Error("Block(false) must leave the section header out")
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		name        string
		existing    string
		missing     bool
		wantSection bool
		wantNotes   []string
	}{
		{"no alias file", "", true, true, nil},
		{"no [toplevel]", "[command ec2]\nls = describe-instances\n", false, true, nil},
		{"[toplevel] last: append under it", "[toplevel]\nmine = sts get-caller-identity\n", false, false, nil},
		{"[toplevel] then another section", "[toplevel]\nmine = x\n[command ec2]\nls = y\n", false, false,
			[]string{"alias:1: paste these aliases under the existing [toplevel], not at the end of the file: there they would belong to [command ec2]"}},
		{"an alias of the same name", "[toplevel]\nwhoami = sts get-caller-identity\n", false, false,
			[]string{`alias: aliases whoami (line 2) exist already: remove them first, as the AWS CLI refuses an alias defined twice`}},
		{"a file the AWS CLI cannot read", "[toplevel]\n[toplevel]\n", false, true,
			[]string{`alias:2: section [toplevel] appears twice (first on line 1); merge them: the AWS CLI cannot read the alias file either; fix it first`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			if !tt.missing {
				data = []byte(tt.existing)
			}
			section, notes := Fit("alias", data)
			if section != tt.wantSection {
				t.Errorf("section = %v, want %v", section, tt.wantSection)
			}
			if d := cmp.Diff(tt.wantNotes, notes); d != "" {
				t.Errorf("notes (-want +got):\n%s", d)
			}
		})
	}
}

// fakeTools are stand-ins for the ssmkit binaries that print what they were
// given: their arguments, one per line, and the variables the alias sets.
func fakeTools(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := `#!/bin/sh
echo "tool: $(basename "$0")"
for a in "$@"; do echo "arg: $a"; done
echo "AWS_PROFILE=${AWS_PROFILE-unset} AWS_REGION=${AWS_REGION-unset} AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION-unset}"
echo "AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL-unset} AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID-unset}"
exit 3
`
	for _, tool := range []string{"ssm-whoami", "ssm-profiles", "ssm-canconnect", "ssm-readiness"} {
		if err := os.WriteFile(filepath.Join(dir, tool), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// awsCLIs are AWS CLI v1 (on PATH) and v2 (Debian's, at /usr/bin/aws).
func awsCLIs(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	candidates := []string{"/usr/bin/aws"}
	if p, err := exec.LookPath("aws"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		out, _ := exec.Command(p, "--version").CombinedOutput()
		for _, v := range []string{"v1", "v2"} {
			if found[v] == "" && bytes.HasPrefix(out, []byte("aws-cli/"+v[1:]+".")) {
				found[v] = p
			}
		}
	}
	for _, v := range []string{"v1", "v2"} {
		if found[v] == "" && os.Getenv("CI") == "true" {
			t.Errorf("AWS CLI %s is missing (make test installs both)", v)
		}
	}
	return found
}

// TestAliasesPassTheGlobalOptionsOn runs the block under the real AWS CLIs
// with stand-in tools: the AWS CLI keeps --profile, --region, --output,
// --color and --endpoint-url for itself, and the alias hands each on.
func TestAliasesPassTheGlobalOptionsOn(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws", "cli"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "cli", "alias"), []byte(Block(true)), 0o600); err != nil {
		t.Fatal(err)
	}
	path := fakeTools(t) + string(os.PathListSeparator) + os.Getenv("PATH")
	tests := []struct {
		name string
		only string // a CLI version, when the other lacks an option
		args []string
		want string
	}{
		{"every global option", "", []string{"whoami", "--profile", "my prof", "--region=us-west-2", "--output", "table", "--color", "off",
			"--endpoint-url", "http://127.0.0.1:9", "x", "y z", "-o", "wide"},
			"tool: ssm-whoami\narg: --no-color\narg: -o\narg: table\narg: x\narg: y z\narg: -o\narg: wide\n" +
				"AWS_PROFILE=my prof AWS_REGION=us-west-2 AWS_DEFAULT_REGION=us-west-2\nAWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ACCESS_KEY_ID=unset\n"},
		{"yaml-stream is ssmkit's yaml", "v2", []string{"whoami", "--output", "yaml-stream"},
			"tool: ssm-whoami\narg: -o\narg: yaml\nAWS_PROFILE=unset AWS_REGION=unset AWS_DEFAULT_REGION=unset\nAWS_ENDPOINT_URL=unset AWS_ACCESS_KEY_ID=AKIAFROMTHEENV\n"},
		{"options before the alias name", "", []string{"--profile", "dev", "canconnect", "simulate", "--batch"},
			"tool: ssm-canconnect\narg: simulate\narg: --batch\n" +
				"AWS_PROFILE=dev AWS_REGION=unset AWS_DEFAULT_REGION=unset\nAWS_ENDPOINT_URL=unset AWS_ACCESS_KEY_ID=unset\n"},
		{"no --profile: credentials in the environment stay", "", []string{"readiness"},
			"tool: ssm-readiness\nAWS_PROFILE=unset AWS_REGION=unset AWS_DEFAULT_REGION=unset\nAWS_ENDPOINT_URL=unset AWS_ACCESS_KEY_ID=AKIAFROMTHEENV\n"},
		{"aws profiles: a name and a region filter", "", []string{"profiles", "--profile", "prod-*", "--region", "eu-west-1", "--logged-in"},
			"tool: ssm-profiles\narg: --region\narg: eu-west-1\narg: --logged-in\narg: prod-*\n" +
				"AWS_PROFILE=unset AWS_REGION=unset AWS_DEFAULT_REGION=unset\nAWS_ENDPOINT_URL=unset AWS_ACCESS_KEY_ID=AKIAFROMTHEENV\n"},
	}
	for v, aws := range awsCLIs(t) {
		for _, tt := range tests {
			if tt.only != "" && tt.only != v {
				continue
			}
			t.Run(v+"/"+tt.name, func(t *testing.T) {
				t.Parallel() // each run is mostly Python starting up
				cmd := exec.Command(aws, tt.args...)
				cmd.Env = []string{"HOME=" + home, "PATH=" + path, "AWS_ACCESS_KEY_ID=AKIAFROMTHEENV", "AWS_CONFIG_FILE=" + filepath.Join(home, "none"),
					"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "none"), "AWS_EC2_METADATA_DISABLED=true", "LANG=C.UTF-8"}
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
					t.Errorf("exit: %v, want the tool's 3; stderr %s", err, errb.String())
				}
				if d := cmp.Diff(tt.want, out.String()); d != "" {
					t.Errorf("what the tool got (-want +got):\n%s\nstderr: %s", d, errb.String())
				}
			})
		}
	}
}
