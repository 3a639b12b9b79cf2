package gateway

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestMotoGapsAnswerAClearNonRetryableError(t *testing.T) {
	e := startGateway(t, &World{})
	cfg := e.sdkConfig(aliceKey)
	cfg.Retryer = nil // the SDK's standard retryer: a 501 must not be retried
	cfg.RetryMaxAttempts = 3
	_, err := ssm.NewFromConfig(cfg).DescribeInstanceProperties(ctx(t), &ssm.DescribeInstancePropertiesInput{MaxResults: aws.Int32(5)})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != unsupportedCode || !strings.Contains(ae.ErrorMessage(), "ssm:DescribeInstanceProperties") {
		t.Fatalf("err = %v, want %s naming the operation", err, unsupportedCode)
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != 501 {
		t.Errorf("status = %d, want 501", re.HTTPStatusCode())
	}
	if calls := e.calls(t); len(calls) != 1 || calls[0].Error != unsupportedCode {
		t.Errorf("audit = %+v, want one call (no retries) recording %s", calls, unsupportedCode)
	}
}
