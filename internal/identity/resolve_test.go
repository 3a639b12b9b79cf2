package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
)

const ssoARN = "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM_PortForward_0123456789abcdef/a-a836660"

func ssoProfile(status string) runas.Subject {
	expires := testNow.Add(4 * time.Hour)
	if status == ssocache.Expired {
		expires = testNow.Add(-time.Hour)
	}
	return runas.Subject{Profile: profiles.Profile{Name: "cast-dev", CredentialSource: profiles.SourceSSO, Region: "eu-west-2", AccountID: "925774240130", RoleName: "SSM_PortForward", SSOSession: "castsoftware", SSOStartURL: "https://d-1.awsapps.com/start", SSORegion: "eu-west-2", Token: &profiles.Token{Status: status, ExpiresAt: ptr(expires)}}}
}

func TestOfflineShortCutMakesNoCall(t *testing.T) {
	tests := []struct {
		name       string
		prof       runas.Subject
		wantStatus string
		wantFix    string
	}{
		{"expired token", ssoProfile(ssocache.Expired), "expired", "aws sso login --sso-session castsoftware"},
		{"missing token", ssoProfile(ssocache.Missing), "missing", "aws sso login --sso-session castsoftware"},
		{"valid by the record but past its expiry now", func() runas.Subject {
			p := ssoProfile(ssocache.Valid)
			p.Token = &profiles.Token{Status: p.Token.Status, ExpiresAt: ptr(testNow.Add(-time.Second))}
			return p
		}(), "expired", "aws sso login --sso-session castsoftware"},
		{"legacy profile uses ssm-profiles' fix", func() runas.Subject {
			p := ssoProfile(ssocache.Expired)
			p.CredentialSource, p.SSOSession, p.Fix = profiles.SourceSSOLegacy, "", "aws sso login --profile cast-dev"
			return p
		}(), "expired", "aws sso login --profile cast-dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := &connector{}
			r := &Resolver{Connect: conn.connect, Now: clock, Enrich: true}
			id := r.Resolve(context.Background(), tt.prof)
			if conn.calls() != 0 {
				t.Errorf("Connect called %d times; the expired-token path must not touch the network", conn.calls())
			}
			got := []any{id.Code, id.SSOTokenStatus, id.Fix, id.TableRow(false)[5]}
			want := []any{exitcode.Credentials, tt.wantStatus, tt.wantFix, tt.wantStatus}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nerror: %s", diff, id.Error)
			}
		})
	}
}

func TestFailuresCarryExitCodeAndFix(t *testing.T) {
	tests := []struct {
		name     string
		prof     runas.Subject
		err      error
		wantCode int
		wantFix  string
		wantErr  string
	}{
		{"portal refuses the token", ssoProfile(ssocache.Valid), apiError("SSO", "GetRoleCredentials", "UnauthorizedException"),
			exitcode.Credentials, "aws sso login --sso-session castsoftware", "the SSO session for sso-session castsoftware has expired or was signed out"},
		{"expired static session", runas.Subject{Profile: profiles.Profile{Name: "old", CredentialSource: profiles.SourceStatic}}, apiError("STS", "GetCallerIdentity", "ExpiredToken"),
			exitcode.Credentials, "replace the access key of profile old: aws configure --profile old",
			"credentials refused: STS GetCallerIdentity: ExpiredToken: message from AWS"},
		{"a name the shell must quote", runas.Subject{Profile: profiles.Profile{Name: "my keys", CredentialSource: profiles.SourceStatic}}, apiError("STS", "GetCallerIdentity", "InvalidClientTokenId"),
			exitcode.Credentials, "replace the access key of profile 'my keys': aws configure --profile 'my keys'",
			"credentials refused: STS GetCallerIdentity: InvalidClientTokenId: message from AWS"},
		{"throttled", runas.Subject{Profile: profiles.Profile{Name: "p"}}, apiError("STS", "GetCallerIdentity", "Throttling"),
			exitcode.Unknown, "retry in a moment, or lower --concurrency", "AWS kept throttling the request: STS GetCallerIdentity: Throttling: message from AWS"},
		{"timeout", runas.Subject{Profile: profiles.Profile{Name: "p"}}, fmt.Errorf("operation error STS: GetCallerIdentity, %w", context.DeadlineExceeded),
			exitcode.Unknown, "check the network path to AWS (proxy, VPN, AWS_ENDPOINT_URL) or raise --timeout", "no answer from AWS before --timeout"},
		{"credential_process prints garbage", runas.Subject{Profile: profiles.Profile{Name: "cp", CredentialSource: profiles.SourceCredentialProcess}},
			fmt.Errorf("failed to refresh cached credentials, %w", &processcreds.ProviderError{
				Err: fmt.Errorf("parse failed of process output: %s, error: %w", `{"SecretAccessKey":"S3CR3T"}`, errors.New("bad"))}),
			exitcode.Credentials, "run the credential_process of profile cp by hand: it must exit 0 and print version 1 credentials JSON",
			"credential_process printed not version 1 credentials JSON (bad); its output is not shown, it may hold secrets"},
		{"half a key pair at the root of the chain", runas.Subject{Profile: profiles.Profile{Name: "chained", CredentialSource: profiles.SourceAssumeRole}},
			errors.New("loading AWS configuration for profile \"chained\": error fetching config from profile, half, Error using profile: \n 1, partial credentials found for profile profile half\n"),
			exitcode.Credentials, "set both: aws configure --profile half",
			"profile half has only one of aws_access_key_id and aws_secret_access_key"},
		{"web identity token file missing", runas.Subject{Profile: profiles.Profile{Name: "web", CredentialSource: profiles.SourceWebIdentity}},
			errors.New("failed to refresh cached credentials, failed to retrieve jwt from provide source, unable to read file at /var/run/token: open /var/run/token: no such file or directory"),
			exitcode.Credentials, "the web_identity_token_file of profile web must exist and hold a current token (written by CI or EKS)",
			"failed to refresh cached credentials, failed to retrieve jwt from provide source, unable to read file at /var/run/token: open /var/run/token: no such file or directory"},
		{"role_arn without a source", runas.Subject{Profile: profiles.Profile{Name: "orphan", CredentialSource: profiles.SourceAssumeRole, Warnings: []string{"role_arn without source_profile or credential_source; add one"}}},
			errors.New("failed to refresh cached credentials, no EC2 IMDS role found"),
			exitcode.Credentials, "fix the profile in the config file (ssm-profiles -o wide orphan shows its warnings)",
			"no credentials for profile orphan: role_arn without source_profile or credential_source; add one"},
		{"no credentials at all", runas.Subject{Profile: profiles.Profile{Name: "bare", CredentialSource: profiles.SourceNone}},
			errors.New("failed to retrieve credentials: failed to refresh cached credentials, no EC2 IMDS role found"),
			exitcode.Credentials, "aws configure sso --profile bare (or aws configure --profile bare for access keys)",
			"no credentials found for profile bare (no keys, SSO, role or process, and no instance role)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts := &fakeSTS{err: tt.err}
			conn := &connector{clients: Clients{STS: sts}}
			id := (&Resolver{Connect: conn.connect, Now: clock}).Resolve(context.Background(), tt.prof)
			if tt.wantErr != "" && id.Error != tt.wantErr {
				t.Errorf("error %q, want %q", id.Error, tt.wantErr)
			}
			if id.Code != tt.wantCode || id.Fix != tt.wantFix || id.Error == "" || id.ARN != "" {
				t.Errorf("got code %d fix %q error %q arn %q; want code %d fix %q", id.Code, id.Fix, id.Error, id.ARN, tt.wantCode, tt.wantFix)
			}
		})
	}
}

func TestCredentialFailureIsReportedAsItselfBeforeAnyCall(t *testing.T) {
	throttled := fmt.Errorf("failed to refresh cached credentials, %w", apiError("SSO", "GetRoleCredentials", "TooManyRequestsException"))
	sts, aliases := &fakeSTS{arn: ssoARN}, &fakeAliases{}
	conn := &connector{clients: Clients{STS: sts, Aliases: aliases, Credentials: fakeCreds{err: throttled}}}
	id := (&Resolver{Connect: conn.connect, Now: clock, Enrich: true}).Resolve(context.Background(), ssoProfile(ssocache.Valid))
	got := []any{id.Code, id.Error, id.TableRow(false)[5], sts.calls.Load(), aliases.calls.Load()}
	want := []any{exitcode.Unknown, "AWS kept throttling the request: SSO GetRoleCredentials: TooManyRequestsException: message from AWS",
		"error", int32(0), int32(0)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A profile the SDK refuses to load is explained with ssm-profiles' own
// findings, which say what is wrong where the SDK's text does not.
func TestConfigRefusalIsExplainedByTheProfileWarnings(t *testing.T) {
	conn := &connector{err: config.SharedConfigAssumeRoleError{RoleARN: "arn:aws:iam::111122223333:role/B", Profile: "loop-a"}}
	p := runas.Subject{Profile: profiles.Profile{Name: "loop-a", CredentialSource: profiles.SourceAssumeRole, Warnings: []string{"role chain loops: loop-a -> loop-b -> loop-a"}}}
	id := (&Resolver{Connect: conn.connect, Now: clock}).Resolve(context.Background(), p)
	got := []any{id.Code, id.Error, id.Fix}
	want := []any{exitcode.Usage, "the AWS SDK refuses profile loop-a: role chain loops: loop-a -> loop-b -> loop-a",
		"fix the profile in the config file (ssm-profiles -o wide loop-a shows its warnings)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestConnectErrorIsReportedPerProfile(t *testing.T) {
	conn := &connector{err: errors.New(`loading AWS configuration for profile "x": failed to get shared config profile, x`)}
	id := (&Resolver{Connect: conn.connect, Now: clock}).Resolve(context.Background(), runas.Subject{Profile: profiles.Profile{Name: "x"}})
	if id.OK() || id.Code != exitcode.Unknown || !strings.Contains(id.Error, `profile "x"`) {
		t.Errorf("got %+v", id)
	}
}

func TestEnrichmentIsUnknownWhenNotAllowed(t *testing.T) {
	denied := apiError("IAM", "ListAccountAliases", "AccessDenied")
	orgDenied := apiError("Organizations", "DescribeAccount", "AccessDeniedException")
	tests := []struct {
		name          string
		prof          runas.Subject
		aliases       *fakeAliases
		accounts      *fakeAccounts
		wantAlias     string
		wantName      string
		wantNotes     int
		wantOrgCalls  int32
		wantTableAcct string
	}{
		{"both allowed", runas.Subject{Profile: profiles.Profile{Name: "p", SSORegion: "eu-west-2"}}, &fakeAliases{aliases: []string{"cast-dev"}},
			&fakeAccounts{names: map[string]string{"925774240130": "CASTSoftware-dev"}}, "cast-dev", "CASTSoftware-dev", 0, 1,
			"925774240130 (cast-dev)"},
		{"both denied", runas.Subject{Profile: profiles.Profile{Name: "p", SSORegion: "eu-west-2"}}, &fakeAliases{err: denied}, &fakeAccounts{err: orgDenied}, Unknown, Unknown, 2, 1,
			"925774240130"},
		{"sso_account_name saves the call", runas.Subject{Profile: profiles.Profile{Name: "p", SSORegion: "eu-west-2"}, SSOAccountName: "CASTSoftware-dev"}, &fakeAliases{},
			&fakeAccounts{err: orgDenied}, "", "CASTSoftware-dev", 0, 0, "925774240130 (CASTSoftware-dev)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := &connector{clients: Clients{STS: &fakeSTS{arn: ssoARN, account: "925774240130"}, Aliases: tt.aliases, Accounts: tt.accounts}}
			id := (&Resolver{Connect: conn.connect, Now: clock, Enrich: true}).Resolve(context.Background(), tt.prof)
			got := []any{id.AccountAlias, id.AccountName, len(id.Notes), tt.accounts.calls.Load(), id.TableRow(false)[1], id.Code}
			want := []any{tt.wantAlias, tt.wantName, tt.wantNotes, tt.wantOrgCalls, tt.wantTableAcct, exitcode.OK}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nnotes: %q", diff, id.Notes)
			}
		})
	}
}

func TestWithoutEnrichmentOnlySTSIsCalled(t *testing.T) {
	aliases, accounts := &fakeAliases{}, &fakeAccounts{}
	conn := &connector{clients: Clients{STS: &fakeSTS{arn: ssoARN}, Aliases: aliases, Accounts: accounts}}
	id := (&Resolver{Connect: conn.connect, Now: clock}).Resolve(context.Background(), runas.Subject{Profile: profiles.Profile{Name: "p"}})
	if !id.OK() || aliases.calls.Load()+accounts.calls.Load() != 0 || id.AccountID != "925774240130" {
		t.Errorf("got %+v with %d enrichment calls", id, aliases.calls.Load()+accounts.calls.Load())
	}
}

func TestCredentialExpiryIsReportedWithoutTheSecret(t *testing.T) {
	exp := testNow.Add(55 * time.Minute)
	conn := &connector{clients: Clients{STS: &fakeSTS{arn: ssoARN}, Credentials: fakeCreds{expires: exp}}}
	id := (&Resolver{Connect: conn.connect, Now: clock}).Resolve(context.Background(), ssoProfile(ssocache.Valid))
	if id.CredentialExpiresAt == nil || !id.CredentialExpiresAt.Equal(exp) {
		t.Fatalf("credentialExpiresAt = %v, want %v", id.CredentialExpiresAt, exp)
	}
	if got := id.TableRow(false)[4]; got != "in 4h00m" {
		t.Errorf("expires cell %q: want the later of credentials (55m) and token (4h)", got)
	}
	if s := fmt.Sprintf("%+v", id); strings.Contains(s, fakeSecret) || strings.Contains(s, "SESSIONTOKEN") {
		t.Error("the record holds a secret")
	}
}

func TestOfflineCatchesMissingProfilesAndExpiredChainRoots(t *testing.T) {
	chained := runas.Subject{Profile: profiles.Profile{Name: "admin-via-sso", CredentialSource: profiles.SourceAssumeRole, SSOSession: "castsoftware", Fix: "aws sso login --sso-session castsoftware", Token: &profiles.Token{Status: ssocache.Expired, Refreshable: true}}}
	tests := []struct {
		name     string
		prof     runas.Subject
		wantCode int
		wantErr  string
	}{
		{"undefined profile", runas.Subject{Profile: profiles.Profile{Name: "nope"}, Missing: true}, exitcode.Usage, "no profile nope in this machine's AWS config files"},
		{"role chain rooted in an expired sso login", chained, exitcode.Credentials,
			"the SSO token for sso-session castsoftware has expired (the AWS CLI would refresh it on its next call; ssmkit never refreshes tokens)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, done := Offline(tt.prof, testNow)
			if !done || id.Code != tt.wantCode || id.Error != tt.wantErr {
				t.Errorf("Offline = %v, code %d, error %q; want code %d, %q", done, id.Code, id.Error, tt.wantCode, tt.wantErr)
			}
		})
	}
}
