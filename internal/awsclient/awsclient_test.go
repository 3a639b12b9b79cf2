package awsclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

const identityXML = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`

const throttleXML = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r2</RequestId></ErrorResponse>`

// fakeSTS answers GetCallerIdentity, throttling the first `throttles` calls.
func fakeSTS(t *testing.T, throttles int32, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "text/xml")
		if n <= throttles {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(throttleXML))
			return
		}
		_, _ = w.Write([]byte(identityXML))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// sandboxFiles writes a config with one static-key profile and points the SDK at it.
func sandboxFiles(t *testing.T, endpoint string) Options {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	mustWrite(t, cfg, "[profile dev]\nregion = eu-west-2\n")
	mustWrite(t, creds, "[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = not-a-real-secret\n")
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	return Options{ConfigFiles: []string{cfg}, CredentialsFiles: []string{creds}, MaxBackoff: time.Millisecond}
}

func mustWrite(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadUsesProfileRegionAndStandardEndpointVariable(t *testing.T) {
	var calls atomic.Int32
	srv := fakeSTS(t, 0, &calls)
	cfg, err := New(sandboxFiles(t, srv.URL)).Load(context.Background(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-west-2" {
		t.Errorf("region = %q, want the profile's eu-west-2", cfg.Region)
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.Arn); got != "arn:aws:iam::111122223333:user/alice" || calls.Load() != 1 {
		t.Errorf("arn = %q after %d calls, want alice from the fake endpoint in 1 call", got, calls.Load())
	}
}

func TestThrottlingIsRetriedWithinBoundedAttempts(t *testing.T) {
	tests := []struct {
		name        string
		throttles   int32
		maxAttempts int
		wantCode    string
		wantCalls   int32
	}{
		{"recovers after two throttles", 2, 3, "", 3},
		{"gives up after max attempts", 10, 3, "Throttling", 3},
		{"single attempt", 10, 1, "Throttling", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := fakeSTS(t, tt.throttles, &calls)
			opts := sandboxFiles(t, srv.URL)
			opts.MaxAttempts = tt.maxAttempts
			cfg, err := New(opts).Load(context.Background(), "dev")
			if err != nil {
				t.Fatal(err)
			}
			_, err = sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			var code string
			var apiErr smithy.APIError
			if errors.As(err, &apiErr) {
				code = apiErr.ErrorCode()
			} else if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if code != tt.wantCode || calls.Load() != tt.wantCalls {
				t.Errorf("error code %q after %d calls; want %q after %d", code, calls.Load(), tt.wantCode, tt.wantCalls)
			}
		})
	}
}

func TestContextDeadlineEndsAHungCall(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	cfg, err := New(sandboxFiles(t, srv.URL)).Load(context.Background(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context deadline", err)
	}
}

func TestLoadNamesAMissingProfile(t *testing.T) {
	_, err := New(sandboxFiles(t, "http://127.0.0.1:1")).Load(context.Background(), "nope")
	if err == nil || !strings.Contains(err.Error(), `profile "nope"`) {
		t.Errorf("err = %v, want it to name profile \"nope\"", err)
	}
}

// With no credentials anywhere the SDK falls back to the instance metadata
// service; its "falling back to IMDSv1" warning must not reach stderr.
func TestNoSDKLogLineReachesStderr(t *testing.T) {
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden) // no IMDSv2 token: the SDK warns and falls back
	}))
	defer imds.Close()
	opts := sandboxFiles(t, "http://127.0.0.1:9")
	mustWrite(t, opts.CredentialsFiles[0], "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	opts.MaxAttempts = 1
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	cfg, err := New(opts).Load(context.Background(), "dev")
	if err == nil {
		_, err = cfg.Credentials.Retrieve(context.Background())
	}
	os.Stderr = stderr
	w.Close()
	out, _ := io.ReadAll(r)
	if err == nil {
		t.Fatal("credentials were found; the test proves nothing")
	}
	if len(out) > 0 {
		t.Errorf("the SDK wrote to stderr: %q", out)
	}
}

func TestRegionOptionOverridesTheProfile(t *testing.T) {
	opts := sandboxFiles(t, "http://127.0.0.1:9")
	opts.Region = "ap-southeast-2"
	cfg, err := New(opts).Load(context.Background(), "dev")
	if err != nil || cfg.Region != "ap-southeast-2" {
		t.Errorf("region = %q, %v", cfg.Region, err)
	}
}
