package check

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/awsclient"
)

func TestWorstOrdersFailOverUnknownOverWarn(t *testing.T) {
	tests := []struct {
		in   []Status
		want Status
	}{
		{nil, Skip},
		{[]Status{Skip, Pass}, Pass},
		{[]Status{Pass, Warn, Skip}, Warn},
		{[]Status{Warn, Unknown, Pass}, Unknown},
		{[]Status{Unknown, Fail, Warn}, Fail},
		{[]Status{Pass, "bogus"}, Unknown},
	}
	for _, tt := range tests {
		if got := Worst(tt.in...); got != tt.want {
			t.Errorf("Worst(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// apiError is what the SDK returns for an AWS error answer: an operation
// error around an HTTP response error around the API error.
func apiError(service, op string, status int, code string) error {
	return &smithy.OperationError{ServiceID: service, OperationName: op, Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err: &smithy.GenericAPIError{Code: code, Message: "m"}}}}
}

func TestFromErrorNamesThePermissionOnlyWhenAWSRefused(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Check
	}{
		{"iam access denied", Read("iam:GetRole", "AWSReservedSSO_X_0123456789abcdef", apiError("IAM", "GetRole", 403, "AccessDenied")),
			Check{ID: "id", Title: "t", Status: Unknown, Permission: "iam:GetRole", Class: awsclient.ClassAccessDenied,
				Reason: "not allowed to call iam:GetRole on AWSReservedSSO_X_0123456789abcdef: needs permission iam:GetRole"}},
		{"ec2 unauthorized", Read("ec2:DescribeInstances", "", apiError("EC2", "DescribeInstances", 403, "UnauthorizedOperation")),
			Check{ID: "id", Title: "t", Status: Unknown, Permission: "ec2:DescribeInstances", Class: awsclient.ClassAccessDenied,
				Reason: "not allowed to call ec2:DescribeInstances: needs permission ec2:DescribeInstances"}},
		{"kms access denied exception", Read("kms:GetKeyPolicy", "k", apiError("KMS", "GetKeyPolicy", 400, "AccessDeniedException")),
			Check{ID: "id", Title: "t", Status: Unknown, Permission: "kms:GetKeyPolicy", Class: awsclient.ClassAccessDenied,
				Reason: "not allowed to call kms:GetKeyPolicy on k: needs permission kms:GetKeyPolicy"}},
		{"throttled", Read("ssm:GetDocument", "", apiError("SSM", "GetDocument", 400, "ThrottlingException")),
			Check{ID: "id", Title: "t", Status: Unknown, Class: awsclient.ClassThrottled,
				Reason: "could not determine: still throttled after retries: SSM GetDocument: ThrottlingException: m"}},
		{"server error", Read("ssm:GetDocument", "", apiError("SSM", "GetDocument", 500, "InternalServerError")),
			Check{ID: "id", Title: "t", Status: Unknown, Class: awsclient.ClassNetwork,
				Reason: "could not determine: SSM GetDocument: InternalServerError: m"}},
		{"timeout", Read("iam:GetRole", "R", fmt.Errorf("op: %w", context.DeadlineExceeded)),
			Check{ID: "id", Title: "t", Status: Unknown, Class: awsclient.ClassTimeout,
				Reason: "could not determine: iam:GetRole on R did not answer before --timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, FromError("id", "t", tt.err)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestReadKeepsTheInnermostPermission(t *testing.T) {
	inner := Read("iam:GetPolicyVersion", "arn:aws:iam::aws:policy/X", apiError("IAM", "GetPolicyVersion", 403, "AccessDenied"))
	outer := Read("iam:GetRole", "R", fmt.Errorf("reading role: %w", inner))
	var re *ReadError
	if !errors.As(outer, &re) || re.Permission != "iam:GetPolicyVersion" {
		t.Errorf("Read re-wrapped a nested read: %v", outer)
	}
	if Read("x:Y", "", nil) != nil {
		t.Error("Read(nil) is not nil")
	}
	if !Denied(outer) || Denied(nil) {
		t.Error("Denied does not see AccessDenied through the wrapping")
	}
}

func TestNextStepNamesWhatDecides(t *testing.T) {
	for _, tc := range []struct {
		c    Check
		want string
	}{
		{Check{Status: Unknown, Permission: "kms:DescribeKey"}, "the caller needs kms:DescribeKey to decide it (grant it, or run as a principal that has it)"},
		{Check{Status: Unknown, Class: awsclient.ClassThrottled}, awsclient.FixThrottled},
		{Check{Status: Unknown, Class: awsclient.ClassTimeout}, awsclient.FixTimeout},
		{Check{Status: Unknown, Class: awsclient.ClassNetwork}, "retry in a moment, or " + awsclient.FixNetwork},
		{Check{Status: Fail, Permission: "kms:DescribeKey"}, ""},
	} {
		if got := NextStep(tc.c); got != tc.want {
			t.Errorf("NextStep(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}
