package awsclient

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
)

// processMessages are the SDK's credential_process failures whose text holds
// no process output; any other (e.g. "parse failed of process output: ...",
// which quotes the output, secret key included) is replaced.
var processMessages = [...]string{"error in credential_process", "credential process timed out",
	"wrong version", "missing AccessKeyId", "missing SecretAccessKey", "failed to prepare command"}

// processFailure explains a credential_process failure without quoting what
// the process printed, and classifies it; ok is false for other errors.
func processFailure(err error) (summary string, class Class, ok bool) {
	var pe *processcreds.ProviderError
	if !errors.As(err, &pe) || pe.Err == nil {
		return "", ClassNone, false
	}
	msg := pe.Err.Error()
	class = ClassCredentials
	if strings.HasPrefix(msg, "credential process timed out") {
		class = ClassTimeout
	}
	for _, safe := range processMessages {
		if strings.HasPrefix(msg, safe) {
			return "credential_process: " + msg, class, true
		}
	}
	why := "not version 1 credentials JSON"
	if inner := errors.Unwrap(pe.Err); inner != nil {
		why += " (" + inner.Error() + ")" // the JSON decoder's reason: no values but Expiration's
	}
	return "credential_process printed " + why + "; its output is not shown, it may hold secrets", class, true
}
