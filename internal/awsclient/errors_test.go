package awsclient

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

func TestClassifyMapsAWSAnswersToExitCodes(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		code      string
		wantClass Class
		wantExit  int
	}{
		{"expired session token", 403, "ExpiredToken", ClassCredentials, exitcode.Credentials},
		{"unknown access key", 403, "InvalidClientTokenId", ClassCredentials, exitcode.Credentials},
		{"access denied", 403, "AccessDenied", ClassAccessDenied, exitcode.Unknown},
		{"throttled", 400, "Throttling", ClassThrottled, exitcode.Unknown},
		{"throttled ec2 style", 503, "RequestLimitExceeded", ClassThrottled, exitcode.Unknown},
		{"server error", 500, "InternalFailure", ClassNetwork, exitcode.Unknown},
		{"validation", 400, "ValidationError", ClassOther, exitcode.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>`, tt.code)
			}))
			defer srv.Close()
			opts := sandboxFiles(t, srv.URL)
			opts.MaxAttempts = 1
			err := callSTS(t, opts, "dev")
			got := Classify(err)
			if got != tt.wantClass || got.ExitCode() != tt.wantExit {
				t.Errorf("Classify(%v) = %q (exit %d), want %q (exit %d)", err, got, got.ExitCode(), tt.wantClass, tt.wantExit)
			}
		})
	}
}

func TestClassifyLocalFailures(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	t.Run("connection refused is network", func(t *testing.T) {
		opts := sandboxFiles(t, closed.URL)
		opts.MaxAttempts = 1
		err := callSTS(t, opts, "dev")
		if got := Classify(err); got != ClassNetwork {
			t.Errorf("got %q, want network", got)
		}
		if got := Summary(err); !strings.HasPrefix(got, "STS GetCallerIdentity: dial tcp") || !strings.HasSuffix(got, "connection refused") {
			t.Errorf("Summary = %q, want the operation and the socket error only", got)
		}
	})
	t.Run("missing profile is config", func(t *testing.T) {
		_, err := New(sandboxFiles(t, closed.URL)).Load(context.Background(), "absent")
		if got := Classify(err); got != ClassConfig || got.ExitCode() != exitcode.Usage {
			t.Errorf("got %q, want config (exit 2)", got)
		}
	})
	t.Run("half a key pair is credentials, named, on one line", func(t *testing.T) {
		opts := sandboxFiles(t, closed.URL)
		mustWrite(t, opts.ConfigFiles[0], "[profile half]\naws_access_key_id = AKIDHALF\nregion = eu-west-2\n")
		_, err := New(opts).Load(context.Background(), "half")
		got := []any{Classify(err), PartialKeysProfile(err), strings.Contains(Summary(err), "\n")}
		if diff := cmp.Diff([]any{ClassCredentials, "half", false}, got); diff != "" {
			t.Errorf("%v: (-want +got)\n%s", err, diff)
		}
	})
	for name, cfg := range map[string]string{
		"role chain loop": "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b\n" +
			"[profile b]\nrole_arn = arn:aws:iam::111122223333:role/B\nsource_profile = a\n",
		"two credential sources": "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = dev\ncredential_source = Environment\n",
		"dangling sso-session":   "[profile a]\nsso_session = nosuch\nsso_account_id = 111122223333\nsso_role_name = R\n",
		"sso keys missing":       "[profile a]\nsso_account_id = 111122223333\n",
	} {
		t.Run(name+" is config", func(t *testing.T) {
			opts := sandboxFiles(t, closed.URL)
			mustWrite(t, opts.ConfigFiles[0], cfg)
			_, err := New(opts).Load(context.Background(), "a")
			if got := Classify(err); got != ClassConfig || got.ExitCode() != exitcode.Usage {
				t.Errorf("Classify(%v) = %q, want config (exit 2)", err, got)
			}
		})
	}
	t.Run("cancelled is interrupted", func(t *testing.T) {
		if got := Classify(fmt.Errorf("x: %w", context.Canceled)); got.ExitCode() != exitcode.Interrupted {
			t.Errorf("got %q", got)
		}
	})
	t.Run("deadline is timeout", func(t *testing.T) {
		if got := Classify(fmt.Errorf("x: %w", context.DeadlineExceeded)); got != ClassTimeout {
			t.Errorf("got %q", got)
		}
	})
	t.Run("nothing configured and no instance metadata is credentials, not network", func(t *testing.T) {
		t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", closed.URL)
		t.Setenv("AWS_EC2_METADATA_DISABLED", "")
		opts := sandboxFiles(t, closed.URL)
		mustWrite(t, opts.ConfigFiles[0], "[default]\nregion = eu-west-1\n")
		cfg, err := New(opts).Load(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = cfg.Credentials.Retrieve(context.Background())
		if got := Classify(err); got != ClassCredentials || got.ExitCode() != exitcode.Credentials {
			t.Errorf("Classify(%v) = %q, want credentials (exit 4)", err, got)
		}
	})
	t.Run("nil is none", func(t *testing.T) {
		if got := Classify(nil); got.ExitCode() != exitcode.OK {
			t.Errorf("got %q", got)
		}
	})
}

// A portal error met while a call fetched its credentials is classified and
// named by the portal call, not by the call that needed the credentials.
func TestNestedPortalErrorIsNamedByThePortalCall(t *testing.T) {
	portal := &smithy.OperationError{ServiceID: "SSO", OperationName: "GetRoleCredentials",
		Err: &smithy.GenericAPIError{Code: "UnauthorizedException", Message: "Session token not found or invalid"}}
	err := &smithy.OperationError{ServiceID: "STS", OperationName: "GetCallerIdentity",
		Err: fmt.Errorf("failed to retrieve credentials: %w", portal)}
	got := []any{Classify(err), Summary(err)}
	want := []any{ClassSSOLogin, "SSO GetRoleCredentials: UnauthorizedException: Session token not found or invalid"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// An expired SSO token with a refresh token must not make the SDK call
// ssooidc:CreateToken: ssmkit is read-only and says "log in" instead.
func TestExpiredSSOTokenIsNotRefreshed(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	opts := sandboxFiles(t, srv.URL)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("AWS_ENDPOINT_URL_SSO", srv.URL)
	mustWrite(t, opts.ConfigFiles[0], `[profile ops]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Ops
region = eu-west-2
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-2
`)
	sum := sha1.Sum([]byte("corp"))
	cache := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	expired := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	mustWrite(t, filepath.Join(cache, hex.EncodeToString(sum[:])+".json"), `{"accessToken":"tok","expiresAt":"`+expired+
		`","refreshToken":"r","clientId":"c","clientSecret":"s","region":"eu-west-2","startUrl":"https://d-1234567890.awsapps.com/start"}`)
	err := callSTS(t, opts, "ops")
	if got := Classify(err); got != ClassSSOLogin || calls.Load() != 0 {
		t.Errorf("Classify(%v) = %q after %d calls; want sso-login and no call at all", err, got, calls.Load())
	}
}

func callSTS(t *testing.T, opts Options, profile string) error {
	t.Helper()
	cfg, err := New(opts).Load(context.Background(), profile)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err == nil {
		return errors.New("unexpected success")
	}
	return err
}

// A web identity profile whose token file is missing has no credentials
// (exit 4), found before any call.
func TestMissingWebIdentityTokenIsCredentials(t *testing.T) {
	opts := sandboxFiles(t, "http://127.0.0.1:9")
	mustWrite(t, opts.ConfigFiles[0], "[profile web]\nrole_arn = arn:aws:iam::111122223333:role/CI\n"+
		"web_identity_token_file = "+filepath.Join(t.TempDir(), "absent")+"\nregion = eu-west-2\n")
	cfg, err := New(opts).Load(context.Background(), "web")
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.Credentials.Retrieve(context.Background())
	if got := Classify(err); got != ClassCredentials || got.ExitCode() != exitcode.Credentials {
		t.Errorf("Classify(%v) = %q, want credentials (exit 4)", err, got)
	}
}
