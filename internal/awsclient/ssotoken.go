package awsclient

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// noSSORefresh stands in for the SSO OIDC client the SDK would use to refresh an
// expired SSO token with ssooidc:CreateToken. That call mints a token and
// rewrites the token cache; ssmkit is read-only, so it says "log in" instead.
type noSSORefresh struct{}

var _ ssocreds.CreateTokenAPIClient = noSSORefresh{}

// CreateToken refuses, so an expired token surfaces as an SSO login error.
func (noSSORefresh) CreateToken(context.Context, *ssooidc.CreateTokenInput, ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
	return nil, &ssoRefreshRefusedError{}
}

type ssoRefreshRefusedError struct{}

// Error tells the user to log in again.
func (*ssoRefreshRefusedError) Error() string {
	return "the SSO token has expired (ssmkit does not refresh tokens: run aws sso login)"
}
