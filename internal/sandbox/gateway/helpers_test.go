package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

const (
	testAccount = "925774240130"
	aliceKey    = "AKIAALICEEXAMPLE0001"
	aliceARN    = "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice"
	bobKey      = "AKIABOBEXAMPLE000001"
	bobARN      = "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/bob"
	// issuedSecret is what the fake moto hands out; tests check it never reaches the audit log.
	issuedSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET0001"
)

// fakeMoto stands in for moto in gateway unit tests: it knows two access keys and can
// assume roles. Real moto is exercised by the sandbox package tests.
func fakeMoto(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		key := credentialScope.FindStringSubmatch(r.Header.Get("Authorization"))
		switch r.Form.Get("Action") {
		case "GetCallerIdentity":
			arn := map[string]string{aliceKey: aliceARN, bobKey: bobARN, "ASIAISSUED": "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/bob"}[key[1]]
			fmt.Fprintf(w, `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>%s</Arn><Account>%s</Account><UserId>X</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`, arn, testAccount)
		case "AssumeRole":
			fmt.Fprintf(w, `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAISSUED</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>TOKEN</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
				issuedSecret, testAccount, r.Form.Get("RoleArn")[strings.LastIndex(r.Form.Get("RoleArn"), "/")+1:], r.Form.Get("RoleSessionName"))
		case "ListRoles":
			fmt.Fprint(w, `<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>false</IsTruncated><Roles/></ListRolesResult></ListRolesResponse>`)
		case "":
			// What moto_server answers for an action it does not implement.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, "<!doctype html><title>500 Internal Server Error</title>")
		default:
			w.WriteHeader(http.StatusNotImplemented)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

type testEnv struct {
	gw        *Gateway
	auditPath string
	now       time.Time
}

func startGateway(t *testing.T, world *World, faults ...scenario.Fault) *testEnv {
	t.Helper()
	moto := fakeMoto(t)
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	gw, err := Start(Options{MotoURL: moto.URL, World: world, Faults: faults, Audit: audit.NewWriter(f), Seed: 7, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = gw.Close() })
	if u, _ := url.Parse(gw.URL); u.Hostname() != "127.0.0.1" {
		t.Fatalf("gateway listens on %s, want 127.0.0.1", gw.URL)
	}
	return &testEnv{gw: gw, auditPath: path, now: now}
}

// sdkConfig is a real SDK configuration pointed at the gateway, with retries off so each
// fault is seen exactly once.
func (e *testEnv) sdkConfig(key string) aws.Config {
	return aws.Config{
		Region:           "eu-west-1",
		Credentials:      credentials.NewStaticCredentialsProvider(key, "secret-not-checked", ""),
		BaseEndpoint:     aws.String(e.gw.URL),
		RetryMaxAttempts: 1,
		Retryer:          func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func (e *testEnv) calls(t *testing.T) []audit.Call {
	t.Helper()
	calls, err := audit.ReadFile(e.auditPath)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func (e *testEnv) hanging() int64 { return e.gw.hangs.Load() }
