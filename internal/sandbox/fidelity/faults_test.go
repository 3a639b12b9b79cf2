package fidelity

import (
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// staticKeys are made-up credentials: faults are injected before anything looks at them.
var staticKeys = []string{"AWS_ACCESS_KEY_ID=AKIAFIDELITY00000001", "AWS_SECRET_ACCESS_KEY=fidelity-not-a-secret",
	"AWS_DEFAULT_REGION=eu-west-1", "AWS_REGION=eu-west-1"}

// faultCase is one fault on one operation and how a CLI must report it.
type faultCase struct {
	name  string
	fault scenario.Fault
	args  []string
	// code is the AWS error code the CLI must print; empty for transport failures.
	code string
	// stderr is a fragment of the CLI's message for transport failures.
	stderr string
}

func TestFaultsReachTheCLIAsAWSWouldSendThem(t *testing.T) {
	s := setup(t)
	cases := []faultCase{
		{"query throttling", fault("sts:GetCallerIdentity", scenario.FaultThrottle), []string{"sts", "get-caller-identity"}, "Throttling", ""},
		{"json throttling", fault("ssm:DescribeInstanceInformation", scenario.FaultThrottle), []string{"ssm", "describe-instance-information"}, "ThrottlingException", ""},
		{"ec2 throttling", fault("ec2:DescribeInstances", scenario.FaultThrottle), []string{"ec2", "describe-instances"}, "RequestLimitExceeded", ""},
		{"s3 throttling", fault("s3:GetBucketEncryption", scenario.FaultThrottle), []string{"s3api", "get-bucket-encryption", "--bucket", "fidelity-bucket"}, "SlowDown", ""},
		{"query 500", fault("iam:GetRole", scenario.Fault500), []string{"iam", "get-role", "--role-name", "x"}, "InternalFailure", ""},
		{"json 500", fault("kms:GetKeyPolicy", scenario.Fault500), []string{"kms", "get-key-policy", "--key-id", "alias/x", "--policy-name", "default"}, "InternalServerError", ""},
		{"ec2 500", fault("ec2:DescribeRouteTables", scenario.Fault500), []string{"ec2", "describe-route-tables"}, "InternalError", ""},
		{"json 503", fault("ssm:GetServiceSetting", scenario.Fault503), []string{"ssm", "get-service-setting", "--setting-id", "/ssm/managed-instance/activation-tier"}, "ServiceUnavailable", ""},
		{"ec2 503", fault("ec2:DescribeVpcEndpoints", scenario.Fault503), []string{"ec2", "describe-vpc-endpoints"}, "Unavailable", ""},
		{"query 503", fault("iam:ListAttachedRolePolicies", scenario.Fault503), []string{"iam", "list-attached-role-policies", "--role-name", "x"}, "ServiceUnavailable", ""},
		{"sso portal throttling", fault("sso:ListAccounts", scenario.FaultThrottle), []string{"sso", "list-accounts", "--access-token", "fidelity-token"}, "TooManyRequestsException", ""},
		{"sso portal 500", fault("sso:GetRoleCredentials", scenario.Fault500), []string{"sso", "get-role-credentials", "--access-token", "fidelity-token", "--account-id", "925774240130", "--role-name", "x"}, "InternalFailure", ""},
		{"connection reset", fault("sts:GetCallerIdentity", scenario.FaultReset), []string{"sts", "get-caller-identity"}, "", "Connection was closed before we received a valid response"},
		{"hang until the CLI gives up", fault("ssm:DescribeSessions", scenario.FaultHang), []string{"--cli-read-timeout", "1", "ssm", "describe-sessions", "--state", "Active"}, "", "Read timeout on endpoint URL"},
	}
	for _, tc := range cases {
		for _, c := range s.clis() {
			t.Run(tc.name+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				requireCLI(t, c)
				url, auditPath := s.gatewayWith(t, nil, tc.fault)
				res := c.run(t, cliEnv(append(staticKeys, "AWS_ENDPOINT_URL="+url, "AWS_ENDPOINT_URL_SSO="+url)), url, tc.args...)
				if res.ExitCode == 0 {
					t.Fatalf("aws %s succeeded despite fault %s:\n%s", strings.Join(tc.args, " "), tc.fault.Kind, res.Stdout)
				}
				if tc.code != "" && res.ErrorCode() != tc.code {
					t.Errorf("CLI reported code %q, want %q; stderr:\n%s", res.ErrorCode(), tc.code, res.Stderr)
				}
				if tc.stderr != "" && !strings.Contains(res.Stderr, tc.stderr) {
					t.Errorf("stderr lacks %q:\n%s", tc.stderr, res.Stderr)
				}
				assertFaultAudited(t, auditPath, tc)
			})
		}
	}
}

// assertFaultAudited checks the single call was audited with its fault and error code,
// which also proves AWS_MAX_ATTEMPTS=1 kept the CLI from retrying.
func assertFaultAudited(t *testing.T, auditPath string, tc faultCase) {
	t.Helper()
	service, op, _ := strings.Cut(tc.fault.Operation, ":")
	calls := eventually(t, auditPath, func(calls []audit.Call) bool { return len(calls) > 0 })
	if len(calls) != 1 {
		t.Fatalf("audit has %d calls, want exactly 1 (no retry): %+v", len(calls), calls)
	}
	c := calls[0]
	if c.Service != service || c.Operation != op || c.Fault != tc.fault.Kind || c.Error != tc.code {
		t.Errorf("audit = %s:%s fault %q error %q, want %s:%s fault %q error %q",
			c.Service, c.Operation, c.Fault, c.Error, service, op, tc.fault.Kind, tc.code)
	}
}

func fault(op, kind string) scenario.Fault { return scenario.Fault{Operation: op, Kind: kind} }

// TestLatencyStillAnswers checks an added delay changes nothing but the wait: the CLI
// parses moto's answer and the audit marks the call as delayed.
func TestLatencyStillAnswers(t *testing.T) {
	s := setup(t)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			url, auditPath := s.gatewayWith(t, nil, scenario.Fault{Operation: "sts:GetCallerIdentity", Kind: scenario.FaultLatency, Latency: "200ms"})
			var out struct{ Account, Arn string }
			c.run(t, cliEnv(append(staticKeys, "AWS_ENDPOINT_URL="+url)), url, "sts", "get-caller-identity").JSON(t, &out)
			if out.Account == "" || !strings.HasPrefix(out.Arn, "arn:aws:") {
				t.Errorf("caller identity not parsed through the delay: %+v", out)
			}
			calls := eventually(t, auditPath, func(calls []audit.Call) bool { return len(calls) > 0 })
			if len(calls) != 1 || calls[0].Fault != scenario.FaultLatency || calls[0].Status != 200 || calls[0].Served != "moto" {
				t.Errorf("audit = %+v, want one delayed 200 answered by moto", calls)
			}
		})
	}
}
