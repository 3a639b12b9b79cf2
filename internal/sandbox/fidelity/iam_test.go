package fidelity

import (
	"regexp"
	"strings"
	"testing"
)

// portForwardSet is the seed's permission set that grants session lookups
// (ssm:DescribeInstanceInformation, ec2:DescribeInstances) and nothing to read IAM, KMS,
// S3, Logs or Organizations with.
const portForwardSet = "EC2-SSM-PortForward"

// refusal is one refused read: the CLI command, the error code and HTTP status AWS uses
// for its protocol, and the message AWS writes.
type refusal struct {
	protocol string
	args     []string
	code     string
	status   int
	// prefix is what the protocol puts before "User: ..." (EC2's sentence).
	prefix, action, resource string
}

// TestRefusedReadsLookLikeAWS: a read the permission set does not grant is refused with each
// protocol's own error, status and message ("User: ARN is not authorized to perform: ACTION
// on resource: ARN because no identity-based policy allows the ACTION action"), as both
// CLIs print AWS's; what it grants is answered.
func TestRefusedReadsLookLikeAWS(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	region := s.sc().Region
	cases := []refusal{
		{"query (IAM)", []string{"iam", "get-role", "--role-name", a.Roles[0].Name}, "AccessDenied", 403, "", "iam:GetRole",
			"arn:aws:iam::" + a.ID + ":role/" + a.Roles[0].Name},
		{"EC2", []string{"ec2", "describe-vpcs"}, "UnauthorizedOperation", 403, "You are not authorized to perform this operation. ", "ec2:DescribeVpcs", ""},
		{"JSON (SSM)", []string{"ssm", "get-service-setting", "--setting-id", "/ssm/managed-instance/activation-tier"}, "AccessDeniedException", 400, "",
			"ssm:GetServiceSetting", "arn:aws:ssm:" + region + ":" + a.ID + ":servicesetting/ssm/managed-instance/activation-tier"},
		{"JSON (KMS)", []string{"kms", "get-key-policy", "--key-id", "alias/" + a.KMSKeys[0].Alias, "--policy-name", "default"}, "AccessDeniedException", 400, "",
			"kms:GetKeyPolicy", s.env.Seeded.KeyARNs[a.KMSKeys[0].Alias]},
		{"JSON (Logs)", []string{"logs", "describe-log-groups"}, "AccessDeniedException", 400, "", "logs:DescribeLogGroups",
			"arn:aws:logs:" + region + ":" + a.ID + ":log-group:*"},
		{"JSON (Organizations)", []string{"organizations", "list-roots"}, "AccessDeniedException", 400, "", "organizations:ListRoots", ""},
		{"REST-XML (S3)", []string{"s3api", "get-bucket-encryption", "--bucket", a.Buckets[0].Name}, "AccessDenied", 403, "",
			"s3:GetEncryptionConfiguration", "arn:aws:s3:::" + a.Buckets[0].Name},
	}
	granted := [][]string{{"ssm", "describe-instance-information"}, {"ec2", "describe-instances"}, {"sts", "get-caller-identity"}}
	caller := s.sessionARN(t, a.ID, portForwardSet, s.signedInUser(t).User)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env := s.roleEnv(t, c, a.ID, portForwardSet)
			for _, tc := range cases {
				res, call := s.call(t, c, env, tc.args...)
				message := tc.prefix + "User: " + caller + " is not authorized to perform: " + tc.action
				if tc.resource != "" {
					message += " on resource: " + tc.resource
				}
				message += " because no identity-based policy allows the " + tc.action + " action"
				// The CLIs add "(reached max retries: N)" after the operation when they stop retrying.
				line := regexp.MustCompile(`An error occurred \(` + tc.code + `\) when calling the ` + camel(tc.args[1]) + ` operation( \(reached max retries: \d+\))?: ` +
					regexp.QuoteMeta(message) + "\n")
				if !line.MatchString(res.Stderr) || call.Status != tc.status || call.Decision != "denied" || call.Action != tc.action {
					t.Errorf("%s: exit %d, audited %d %s %s; want %d and the line\n  %s\ngot:\n%s", tc.protocol, res.ExitCode, call.Status, call.Decision, call.Action,
						tc.status, line, res.Stderr)
				}
			}
			for _, args := range granted {
				if res, call := s.call(t, c, env, args...); res.ExitCode != 0 || call.Status != 200 {
					t.Errorf("%s: granted, yet exit %d, audited %d %s:\n%s", strings.Join(args, " "), res.ExitCode, call.Status, call.Decision, res.Stderr)
				}
			}
		})
	}
}

// TestUnknownCredentialsAreRefused: keys IAM never issued get each protocol's
// invalid-credentials error, never an answer.
func TestUnknownCredentialsAreRefused(t *testing.T) {
	s := setup(t)
	cases := []struct {
		args   []string
		code   string
		status int
	}{
		{[]string{"iam", "list-roles"}, "InvalidClientTokenId", 403},
		{[]string{"ec2", "describe-instances"}, "AuthFailure", 401},
		{[]string{"ssm", "describe-instance-information"}, "UnrecognizedClientException", 400},
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env := cliEnv(s.vars(), "AWS_ACCESS_KEY_ID=AKIANEVERISSUED00001", "AWS_SECRET_ACCESS_KEY=not-a-secret")
			for _, tc := range cases {
				res, call := s.call(t, c, env, tc.args...)
				if res.ErrorCode() != tc.code || call.Status != tc.status || call.Decision != "invalid-token" {
					t.Errorf("%s: code %q status %d (%s), want %s %d:\n%s", strings.Join(tc.args, " "), res.ErrorCode(), call.Status, call.Decision, tc.code, tc.status, res.Stderr)
				}
			}
		})
	}
}
