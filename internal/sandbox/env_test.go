package sandbox

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

func TestAccountCredentialsActInTheAccount(t *testing.T) {
	creds, err := shared.AccountCredentials(testCtx(t), "717279730613")
	if err != nil {
		t.Fatal(err)
	}
	cfg := profileConfig(t, "cast-dev-admin")
	cfg.Credentials = credentials.StaticCredentialsProvider{Value: creds}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.Arn); got != "arn:aws:sts::717279730613:assumed-role/OrganizationAccountAccessRole/sandbox-test" {
		t.Errorf("caller = %s", got)
	}
}

func TestStartGatewayFaultsOnlyItsOwnClients(t *testing.T) {
	gw, err := shared.StartGateway(scenario.Fault{Operation: "sts:GetCallerIdentity", Kind: scenario.FaultThrottle})
	if err != nil {
		t.Fatal(err)
	}
	cfg := profileConfig(t, "cast-dev-inventory")
	cfg.RetryMaxAttempts = 1
	faulty := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(gw.URL) })
	_, err = faulty.GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "Throttling" {
		t.Fatalf("faulty gateway: err = %v, want Throttling", err)
	}
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("the main gateway must stay healthy: %v", err)
	}
}
