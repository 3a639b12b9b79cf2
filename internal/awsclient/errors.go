package awsclient

import (
	"context"
	"errors"
	"net"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// Class is what kind of failure an AWS error is, from the user's point of view.
type Class string

// Failure classes; each maps to one exit code (ARCHITECTURE.md, "Exit codes").
const (
	ClassNone         Class = ""
	ClassConfig       Class = "config"        // profile missing or config malformed: 2
	ClassSSOLogin     Class = "sso-login"     // SSO token expired, missing or refused: 4
	ClassCredentials  Class = "credentials"   // no credentials, or keys AWS rejects: 4
	ClassAccessDenied Class = "access-denied" // the caller may not ask: 3
	ClassThrottled    Class = "throttled"     // still throttled after the bounded retries: 3
	ClassTimeout      Class = "timeout"       // --timeout reached: 3
	ClassNetwork      Class = "network"       // endpoint unreachable, resets, 5xx: 3
	ClassInterrupted  Class = "interrupted"   // a signal cancelled the run: 130
	ClassOther        Class = "other"         // anything else: 3
)

// ExitCode maps the class to the documented exit codes (ARCHITECTURE.md).
func (c Class) ExitCode() int {
	switch c {
	case ClassNone:
		return exitcode.OK
	case ClassConfig:
		return exitcode.Usage
	case ClassSSOLogin, ClassCredentials:
		return exitcode.Credentials
	case ClassInterrupted:
		return exitcode.Interrupted
	}
	return exitcode.Unknown
}

// isCredentialCode reports the error codes AWS services use, across protocols,
// for credentials they refuse.
func isCredentialCode(code string) bool {
	switch code {
	case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
		"InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthFailure", "InvalidIdentityToken", "IncompleteSignature",
		// EC2 answers expired temporary credentials with RequestExpired:
		// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
		"RequestExpired":
		return true
	}
	return false
}

func isAccessDeniedCode(code string) bool {
	switch code {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden":
		return true
	}
	return false
}

// Classify sorts an error from config loading or an AWS call into a Class.
func Classify(err error) Class {
	if err == nil {
		return ClassNone
	}
	var (
		notExist   config.SharedConfigProfileNotExistError
		loadErr    config.SharedConfigLoadError
		roleErr    config.SharedConfigAssumeRoleError
		needsARN   config.CredentialRequiresARNError
		loadFailed *loadError
		tokenErr   *ssocreds.InvalidTokenError
		refreshErr *ssoRefreshRefusedError
		apiErr     smithy.APIError
	)
	if _, class, ok := processFailure(err); ok {
		return class
	}
	switch {
	case PartialKeysProfile(err) != "":
		return ClassCredentials
	case errors.As(err, &notExist), errors.As(err, &loadErr), errors.As(err, &roleErr), errors.As(err, &needsARN),
		errors.As(err, &loadFailed), strings.Contains(err.Error(), "only one credential type may be specified per profile"):
		// A role chain that dangles, loops or ends without credentials, or a
		// profile with two credential sources: the config needs fixing.
		return ClassConfig
	case errors.As(err, &tokenErr), errors.As(err, &refreshErr):
		return ClassSSOLogin
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	case errors.Is(err, context.Canceled):
		return ClassInterrupted
	case strings.Contains(err.Error(), "no EC2 IMDS role found"):
		// The default chain's last resort failed: on a laptop with nothing
		// configured the instance metadata endpoint refuses or times out,
		// which is "no credentials", not a network problem with AWS.
		return ClassCredentials
	case errors.As(err, &apiErr):
		return classifyAPI(err, apiErr)
	case isNetwork(err):
		return ClassNetwork
	case strings.Contains(err.Error(), "failed to retrieve credentials"),
		strings.Contains(err.Error(), "no EC2 IMDS role found"),
		strings.Contains(err.Error(), "failed to retrieve jwt"): // web_identity_token_file unreadable
		return ClassCredentials
	}
	return ClassOther
}

func classifyAPI(err error, apiErr smithy.APIError) Class {
	code := apiErr.ErrorCode()
	opErr := failedOperation(err)
	portal := opErr != nil && opErr.Service() == "SSO"
	switch {
	case portal && (code == "UnauthorizedException" || code == "ForbiddenException"):
		// The portal refuses the cached token (signed out, or revoked): log in again.
		return ClassSSOLogin
	case isCredentialCode(code):
		return ClassCredentials
	case isAccessDeniedCode(code):
		return ClassAccessDenied
	}
	if _, ok := retry.DefaultThrottleErrorCodes[code]; ok {
		return ClassThrottled
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 500 {
		return ClassNetwork
	}
	return ClassOther
}

func isNetwork(err error) bool {
	var netErr net.Error
	var sendErr *smithyhttp.RequestSendError
	var respErr *awshttp.ResponseError
	return errors.As(err, &netErr) || errors.As(err, &sendErr) ||
		(errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 500)
}

// failedOperation is the innermost AWS operation in err's chain: the one that
// failed. A call that fetched its credentials first (SSO GetRoleCredentials,
// STS AssumeRole) wraps that operation's error in its own.
func failedOperation(err error) *smithy.OperationError {
	var found *smithy.OperationError
	for {
		var op *smithy.OperationError
		if !errors.As(err, &op) {
			return found
		}
		found, err = op, op.Err
	}
}

// partialKeysRE matches the SDK's complaint about a section holding only one
// of aws_access_key_id and aws_secret_access_key (config: "profile NAME").
var partialKeysRE = regexp.MustCompile(`partial credentials found for profile (?:profile )?(\S+)`)

// PartialKeysProfile names the profile whose access key id or secret key is
// missing its other half, when that is why the SDK refused to load.
func PartialKeysProfile(err error) string {
	if m := partialKeysRE.FindStringSubmatch(err.Error()); m != nil {
		return m[1]
	}
	return ""
}

// Summary is a short, secret-free line for an AWS error: the API's code and
// message when AWS answered, the SDK's text otherwise, on one line.
func Summary(err error) string {
	return strings.Join(strings.Fields(summary(err)), " ")
}

func summary(err error) string {
	if msg, _, ok := processFailure(err); ok {
		return msg
	}
	var apiErr smithy.APIError
	opErr := failedOperation(err)
	if errors.As(err, &apiErr) {
		msg := apiErr.ErrorCode()
		if m := apiErr.ErrorMessage(); m != "" {
			msg += ": " + m
		}
		if opErr != nil {
			msg = opErr.Service() + " " + opErr.Operation() + ": " + msg
		}
		return msg
	}
	// The SDK's text for a failed send repeats the URL and retry bookkeeping;
	// the socket error is what a person needs.
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		if opErr != nil {
			return opErr.Service() + " " + opErr.Operation() + ": " + netErr.Error()
		}
		return netErr.Error()
	}
	return err.Error()
}
