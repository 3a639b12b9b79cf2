package sandbox

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
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

type assumeRoleResult struct {
	AccessKeyID     string `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
	SecretAccessKey string `xml:"AssumeRoleResult>Credentials>SecretAccessKey"`
	SessionToken    string `xml:"AssumeRoleResult>Credentials>SessionToken"`
}

// AccountCredentials returns credentials acting in account (an assumed
// OrganizationAccountAccessRole session named sandbox-test), obtained from moto directly so
// the audit log holds only the tools' own calls. For test set-up reads where the
// scenario's SSO users have no permission set.
func (e *Env) AccountCredentials(ctx context.Context, account string) (aws.Credentials, error) {
	form := url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleSessionName": {"sandbox-test"},
		"RoleArn": {"arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.MotoURL+"/", strings.NewReader(form.Encode()))
	if err != nil {
		return aws.Credentials{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIASANDBOXTEST00000/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assuming a role in %s: %w", account, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return aws.Credentials{}, fmt.Errorf("assuming a role in %s: moto answered %s", account, resp.Status)
	}
	var out assumeRoleResult
	if err := xml.NewDecoder(resp.Body).Decode(&out); err != nil {
		return aws.Credentials{}, fmt.Errorf("assuming a role in %s: %w", account, err)
	}
	return aws.Credentials{AccessKeyID: out.AccessKeyID, SecretAccessKey: out.SecretAccessKey, SessionToken: out.SessionToken,
		Source: "sandbox", CanExpire: true, Expires: time.Now().Add(time.Hour)}, nil
}
