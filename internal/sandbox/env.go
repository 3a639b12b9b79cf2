package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// StartGateway starts another gateway in front of the same moto and world, with its own
// faults and the same audit log; Close stops it too. Tests use it to fault one client
// without restarting moto.
func (e *Env) StartGateway(faults ...scenario.Fault) (*gateway.Gateway, error) {
	if e.world == nil {
		return nil, fmt.Errorf("sandbox is not running")
	}
	g, err := gateway.Start(gateway.Options{MotoURL: e.MotoURL, World: e.world, Faults: faults, Audit: e.audit, Seed: uint64(time.Now().UnixNano())})
	if err != nil {
		return nil, err
	}
	e.extra = append(e.extra, g)
	return g, nil
}

// AccountCredentials returns credentials acting in account (an assumed
// OrganizationAccountAccessRole session named sandbox-test), obtained from moto directly so
// the audit log holds only the tools' own calls. For test set-up reads where the
// scenario's SSO users have no permission set.
func (e *Env) AccountCredentials(ctx context.Context, account string) (aws.Credentials, error) {
	out, err := gateway.AssumeRoleInMoto(ctx, http.DefaultClient, e.MotoURL, "AKIASANDBOXTEST00000",
		"arn:aws:iam::"+account+":role/OrganizationAccountAccessRole", "sandbox-test", 0)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assuming a role in %s: %w", account, err)
	}
	return aws.Credentials{AccessKeyID: out.AccessKeyID, SecretAccessKey: out.SecretAccessKey, SessionToken: out.SessionToken,
		Source: "sandbox", CanExpire: true, Expires: time.Now().Add(time.Hour)}, nil
}
