package awsclient

import (
	"errors"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// Retry-worthy next steps, shared so every tool words them the same way.
const (
	FixThrottled   = "retry in a moment (AWS kept throttling after the retries), or lower --concurrency"
	FixServerError = "retry in a moment: AWS answered with a server error (https://health.aws.amazon.com shows service events)"
	FixNetwork     = "check the network path to AWS (proxy, VPN, AWS_ENDPOINT_URL)"
	FixTimeout     = "check the network path to AWS (proxy, VPN, AWS_ENDPOINT_URL) or raise --timeout"
)

// ServerError reports whether err is AWS answering with a 5xx status, as
// opposed to a connection that failed before any answer.
func ServerError(err error) bool {
	var respErr *awshttp.ResponseError
	return errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 500
}

// TransientFix is the next step for a failure that is not the caller's
// configuration or permissions: throttling, 5xx, network, timeout. It is ""
// for every other class, whose fix depends on what was being done.
func TransientFix(err error) string {
	switch Classify(err) {
	case ClassThrottled:
		return FixThrottled
	case ClassTimeout:
		return FixTimeout
	case ClassNetwork:
		if ServerError(err) {
			return FixServerError
		}
		return FixNetwork
	case ClassOther:
		if ServerError(err) {
			return FixServerError
		}
	}
	return ""
}
