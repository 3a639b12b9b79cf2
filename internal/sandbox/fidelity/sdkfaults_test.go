package fidelity

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// TestSDKFaultCodes covers, with the Go SDK the tools use, the fault answers the gateway's
// own SDK tests leave out: S3's SlowDown, a query-protocol 503 and KMS throttling.
func TestSDKFaultCodes(t *testing.T) {
	s := setup(t)
	tests := []struct {
		name  string
		fault scenario.Fault
		call  func(context.Context, aws.Config) error
		want  string
	}{
		{"s3 throttling", fault("s3:GetBucketEncryption", scenario.FaultThrottle), func(ctx context.Context, cfg aws.Config) error {
			_, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String("fidelity-bucket")})
			return err
		}, "SlowDown"},
		{"query 503", fault("iam:ListAttachedRolePolicies", scenario.Fault503), func(ctx context.Context, cfg aws.Config) error {
			_, err := iam.NewFromConfig(cfg).ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("x")})
			return err
		}, "ServiceUnavailable"},
		{"kms throttling", fault("kms:GetKeyPolicy", scenario.FaultThrottle), func(ctx context.Context, cfg aws.Config) error {
			_, err := kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String("x"), PolicyName: aws.String("default")})
			return err
		}, "ThrottlingException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url, _ := s.gatewayWith(t, nil, tt.fault)
			cfg := aws.Config{Region: s.sc().Region, BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
				Credentials: credentials.NewStaticCredentialsProvider("AKIAFIDELITY00000001", "fidelity-not-a-secret", "")}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var ae smithy.APIError
			if err := tt.call(ctx, cfg); !errors.As(err, &ae) || ae.ErrorCode() != tt.want {
				t.Errorf("err = %v, want API error %s", err, tt.want)
			}
		})
	}
}
