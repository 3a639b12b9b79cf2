package sandbox

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// The AWS CLIs must read every sandbox answer the suite relies on: that is how we know the
// gateway (and moto) speak real AWS. v1 (botocore) follows AWS_ENDPOINT_URL(_SSO) and SSO
// profiles; Debian's v2 (2.9.19) predates those variables, so it gets --endpoint-url and
// credentials in its environment.

const cliV2 = "/usr/bin/aws"

// requireCLI finds an AWS CLI of the given major version; missing it fails under CI=true.
func requireCLI(t *testing.T, path, major string) string {
	t.Helper()
	full, err := exec.LookPath(path)
	if err == nil {
		out, _ := exec.Command(full, "--version").CombinedOutput()
		if strings.HasPrefix(string(out), "aws-cli/"+major+".") {
			return full
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("AWS CLI v%s (%s) is required under CI: v1 `pip install awscli`, v2 `apt-get install awscli`", major, path)
	}
	t.Skipf("AWS CLI v%s not installed at %s", major, path)
	return ""
}

// runCLI runs the CLI with env and returns its parsed JSON output.
func runCLI(t *testing.T, bin string, env []string, args ...string) (map[string]any, string, error) {
	t.Helper()
	cmd := exec.Command(bin, append(args, "--output", "json")...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := map[string]any{}
	if err == nil && stdout.Len() > 0 {
		if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
			t.Fatalf("aws %v: output is not JSON: %v\n%s", args, jerr, stdout.String())
		}
	}
	return out, stderr.String(), err
}

// path walks decoded JSON: path(out, "InstanceInformationList", 0, "InstanceId").
func path(v any, keys ...any) any {
	for _, k := range keys {
		switch key := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[key]
		case int:
			l, _ := v.([]any)
			if key >= len(l) {
				return nil
			}
			v = l[key]
		}
	}
	return v
}

type cliCase struct {
	name string
	args []string
	keys []any
	want any
}

func (c cliCase) run(t *testing.T, bin string, env []string) {
	t.Run(c.name, func(t *testing.T) {
		out, stderr, err := runCLI(t, bin, env, c.args...)
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(c.args, " "), err, stderr)
		}
		if got := path(out, c.keys...); got != c.want {
			t.Errorf("aws %s: %v = %v, want %v", strings.Join(c.args, " "), c.keys, got, c.want)
		}
	})
}

// workloadCases are read by both CLIs as the logged-in admin in CASTSoftware-dev.
func workloadCases() []cliCase {
	app := shared.Seeded.InstanceIDs["cast-dev-app01"]
	key := shared.Seeded.KeyARNs["session-manager"]
	return []cliCase{
		{"ssm describe-instance-information by tag", []string{"ssm", "describe-instance-information", "--filters", "Key=tag:ssmaccess,Values=true"}, []any{"InstanceInformationList", 0, "InstanceId"}, app},
		{"ssm describe-instance-information paginated", []string{"ssm", "describe-instance-information", "--max-items", "1", "--page-size", "5"}, []any{"InstanceInformationList", 0, "PingStatus"}, "Online"},
		{"ssm get-service-setting DHMC", []string{"ssm", "get-service-setting", "--setting-id", "/ssm/managed-instance/default-ec2-instance-management-role"}, []any{"ServiceSetting", "SettingValue"}, "$None"},
		{"ssm get-connection-status", []string{"ssm", "get-connection-status", "--target", app}, []any{"Status"}, "notconnected"},
		{"ssm describe-sessions history", []string{"ssm", "describe-sessions", "--state", "History"}, []any{"Sessions", 0, "Target"}, app},
		{"iam simulate-principal-policy as admin", []string{"iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::925774240130:role/CASTAppInstanceRole", "--action-names", "ssm:StartSession"}, []any{"EvaluationResults", 0, "EvalDecision"}, "implicitDeny"},
		{"ec2 describe-vpc-endpoints", []string{"ec2", "describe-vpc-endpoints", "--filters", "Name=service-name,Values=com.amazonaws.eu-west-1.ssm"}, []any{"VpcEndpoints", 0, "VpcEndpointType"}, "Interface"},
		{"ec2 describe-instances", []string{"ec2", "describe-instances", "--instance-ids", app}, []any{"Reservations", 0, "Instances", 0, "SubnetId"}, subnetOf(app)},
		{"iam get-role instance role", []string{"iam", "list-attached-role-policies", "--role-name", "CASTAppInstanceRole"}, []any{"AttachedPolicies", 0, "PolicyName"}, "AmazonSSMManagedInstanceCore"},
		{"kms describe-key", []string{"kms", "describe-key", "--key-id", "alias/session-manager"}, []any{"KeyMetadata", "Arn"}, key},
		{"ssm get-document preferences", []string{"ssm", "describe-document", "--name", "SSM-SessionManagerRunShell"}, []any{"Document", "DocumentType"}, "Session"},
		{"logs describe-log-groups", []string{"logs", "describe-log-groups"}, []any{"logGroups", 0, "kmsKeyId"}, key},
		{"s3api get-bucket-encryption", []string{"s3api", "get-bucket-encryption", "--bucket", "cast-dev-ssm-session-logs-925774240130"}, []any{"ServerSideEncryptionConfiguration", "Rules", 0, "ApplyServerSideEncryptionByDefault", "KMSMasterKeyID"}, key},
	}
}

// subnetOf is the instance's subnet id, as the SDK reads it, for cross-checking the CLIs.
func subnetOf(instanceID string) string {
	for _, a := range shared.Scenario.Accounts {
		for _, in := range a.Instances {
			if shared.Seeded.InstanceIDs[in.Name] == instanceID {
				return shared.Seeded.SubnetIDs[in.Subnet]
			}
		}
	}
	return ""
}

func TestAWSCLIv1ReadsTheSandbox(t *testing.T) {
	bin := requireCLI(t, "aws", "1")
	env := append(shared.Environ(os.Environ()), "AWS_PROFILE=cast-dev-admin")
	cliCase{"sts get-caller-identity via SSO profile", []string{"sts", "get-caller-identity"}, []any{"Account"}, "925774240130"}.run(t, bin, env)
	for _, c := range workloadCases() {
		c.run(t, bin, env)
	}
	token := cachedToken(t, "cast")
	portal := []cliCase{
		{"sso list-accounts", []string{"sso", "list-accounts", "--access-token", token}, []any{"accountList", 0, "accountName"}, "Identity Center"},
		{"sso list-account-roles", []string{"sso", "list-account-roles", "--access-token", token, "--account-id", "925774240130"}, []any{"roleList", 0, "roleName"}, "AdministratorAccess"},
		{"sso get-role-credentials", []string{"sso", "get-role-credentials", "--access-token", token, "--account-id", "925774240130", "--role-name", "ReadOnlyDev"}, []any{"roleCredentials", "accessKeyId"}, nil},
	}
	for _, c := range portal[:2] {
		c.run(t, bin, env)
	}
	out, stderr, err := runCLI(t, bin, env, portal[2].args...)
	if err != nil || !strings.HasPrefix(path(out, "roleCredentials", "accessKeyId").(string), "ASIA") {
		t.Errorf("sso get-role-credentials: %v %s", err, stderr)
	}
	_, stderr, err = runCLI(t, bin, append(shared.Environ(os.Environ()), "AWS_PROFILE=cast-dev-readonly"),
		"iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::925774240130:role/CASTAppInstanceRole", "--action-names", "ssm:StartSession")
	if err == nil || !strings.Contains(stderr, "AccessDenied") {
		t.Errorf("read-only user simulating: err %v, stderr %q; want AccessDenied", err, stderr)
	}
}

func TestAWSCLIv1ReadsIdentityCenter(t *testing.T) {
	bin := requireCLI(t, "aws", "1")
	env := append(shared.Environ(os.Environ()), credsEnv(t, "717279730613", "AdministratorAccess")...)
	cliCase{"sso-admin list-instances", []string{"sso-admin", "list-instances"}, []any{"Instances", 0, "IdentityStoreId"}, shared.Seeded.IdentityStoreID}.run(t, bin, env)
	cliCase{"identitystore get-user-id", []string{"identitystore", "get-user-id", "--identity-store-id", shared.Seeded.IdentityStoreID,
		"--alternate-identifier", `{"UniqueAttribute":{"AttributePath":"userName","AttributeValue":"a-a837172"}}`}, []any{"UserId"}, shared.Seeded.UserIDs["a-a837172"]}.run(t, bin, env)
}

func TestAWSCLIv2ReadsTheSandbox(t *testing.T) {
	bin := requireCLI(t, cliV2, "2")
	env := append(shared.Environ(os.Environ()), credsEnv(t, "925774240130", "AdministratorAccess")...)
	withEndpoint := func(c cliCase) cliCase {
		c.args = append([]string{"--endpoint-url", shared.URL}, c.args...)
		return c
	}
	withEndpoint(cliCase{"sts get-caller-identity", []string{"sts", "get-caller-identity"}, []any{"Account"}, "925774240130"}).run(t, bin, env)
	for _, c := range workloadCases() {
		withEndpoint(c).run(t, bin, env)
	}
	token := cachedToken(t, "cast")
	withEndpoint(cliCase{"sso list-accounts", []string{"sso", "list-accounts", "--access-token", token}, []any{"accountList", 1, "accountId"}, "925774240130"}).run(t, bin, env)
}

// credsEnv gets portal credentials (as the logged-in user) and puts them in the environment.
func credsEnv(t *testing.T, account, permissionSet string) []string {
	cfg := portalConfig(t, account, permissionSet)
	c, err := cfg.Credentials.Retrieve(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	return []string{"AWS_ACCESS_KEY_ID=" + c.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey, "AWS_SESSION_TOKEN=" + aws.ToString(&c.SessionToken)}
}
