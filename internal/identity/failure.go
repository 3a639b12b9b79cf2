package identity

import (
	"errors"
	"strings"
	"time"

	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// Failure turns an error from loading the profile or calling AWS into the
// record: a short secret-free message, the fix, and the exit code
// (ARCHITECTURE.md, "Exit codes").
func Failure(p runas.Subject, err error, now time.Time) Identity {
	id := base(p, now)
	class := awsclient.Classify(err)
	id.Code = class.ExitCode()
	var apiErr smithy.APIError
	id.Error, id.Fix = explain(p, class, awsclient.Summary(err), errors.As(err, &apiErr))
	if half := awsclient.PartialKeysProfile(err); half != "" {
		id.Error = "profile " + half + " has only one of aws_access_key_id and aws_secret_access_key"
		id.Fix = "set both: aws configure --profile " + profiles.ShellQuote(half)
	}
	if class == awsclient.ClassSSOLogin && p.IsSSO() {
		id.SSOTokenStatus = ssocache.Expired
	}
	return id
}

// explain words the failure for a person and names the next step.
// awsAnswered tells an error AWS sent from one the SDK raised locally.
func explain(p runas.Subject, class awsclient.Class, summary string, awsAnswered bool) (msg, fix string) {
	name := p.DisplayName()
	switch class {
	case awsclient.ClassSSOLogin:
		return "the SSO session for " + ssoLabel(p) + " has expired or was signed out", p.LoginCommand()
	case awsclient.ClassCredentials:
		if p.CredentialSource == profiles.SourceCredentialProcess && !awsAnswered {
			return summary, "run the credential_process of profile " + name + " by hand: it must exit 0 and print version 1 credentials JSON"
		}
		if p.CredentialSource == profiles.SourceWebIdentity && !awsAnswered {
			return summary, "the web_identity_token_file of profile " + name + " must exist and hold a current token (written by CI or EKS)"
		}
		if !awsAnswered && p.CredentialSource == profiles.SourceAssumeRole && len(p.Warnings) > 0 {
			return "no credentials for profile " + name + ": " + strings.Join(p.Warnings, "; "), warningsFix(name)
		}
		if !awsAnswered {
			// The SDK's chain of wrapped errors says no more than this.
			return "no credentials found for profile " + name + " (no keys, SSO, role or process, and no instance role)", credentialsFix(p)
		}
		return "credentials refused: " + summary, credentialsFix(p)
	case awsclient.ClassConfig:
		if p.Missing || len(p.Warnings) == 0 {
			return summary, "ssm-profiles lists the profiles this machine has"
		}
		// ssm-profiles' offline findings say it plainly; the SDK's text does not.
		return "the AWS SDK refuses profile " + name + ": " + strings.Join(p.Warnings, "; "), warningsFix(name)
	case awsclient.ClassTimeout:
		return "no answer from AWS before --timeout", "check the network path to AWS (proxy, VPN, AWS_ENDPOINT_URL) or raise --timeout"
	case awsclient.ClassThrottled:
		return "AWS kept throttling the request: " + summary, "retry in a moment, or lower --concurrency"
	case awsclient.ClassNetwork:
		if awsAnswered { // a 5xx: AWS was reached and failed
			return "AWS answered with a server error: " + summary, awsclient.FixServerError
		}
		return "could not reach AWS: " + summary, awsclient.FixNetwork
	case awsclient.ClassInterrupted:
		return "interrupted", ""
	case awsclient.ClassAccessDenied:
		return "not allowed: " + summary, ""
	}
	return summary, "" // the record and the error line name the profile already
}

// warningsFix points at ssm-profiles' offline findings about a profile.
func warningsFix(name string) string {
	return "fix the profile in the config file (ssm-profiles -o wide " + profiles.ShellQuote(name) + " shows its warnings)"
}

func credentialsFix(p runas.Subject) string {
	name := profiles.ShellQuote(p.DisplayName())
	switch p.CredentialSource {
	case profiles.SourceSSO, profiles.SourceSSOLegacy:
		return p.LoginCommand()
	case profiles.SourceStatic:
		return "replace the access key of profile " + name + ": aws configure --profile " + name
	case profiles.SourceNone:
		return "aws configure sso --profile " + name + " (or aws configure --profile " + name + " for access keys)"
	case "":
		return "configure credentials: aws configure sso, aws configure, or AWS_PROFILE=<profile>"
	}
	return "check the credentials of profile " + name + ": ssm-profiles " + name + " shows where they come from"
}
