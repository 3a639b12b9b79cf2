package awsclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestRedactRemovesSecretsInEveryShape(t *testing.T) {
	for _, in := range []string{
		`{"roleCredentials":{"accessKeyId":"ASIAX","secretAccessKey":"s3cr3t-planted","sessionToken":"tok-planted","expiration":1}}`,
		`{"Credentials":{"SecretAccessKey":"s3cr3t-planted","SessionToken":"tok-planted"}}`,
		`<AssumeRoleResult><Credentials><SecretAccessKey>s3cr3t-planted</SecretAccessKey><SessionToken>tok-planted</SessionToken></Credentials></AssumeRoleResult>`,
		`{"accessToken":"tok-planted","refreshToken":"s3cr3t-planted","clientSecret":"s3cr3t-planted"}`,
		`{"secretAccessKey" : "s3cr3t-\"planted\""}`,
	} {
		out := Redact(in)
		if strings.Contains(out, "planted") || !strings.Contains(out, Redacted) {
			t.Errorf("Redact(%s) = %s", in, out)
		}
	}
	if keep := `{"InstanceId":"i-0abc","State":"running"}`; Redact(keep) != keep {
		t.Errorf("Redact changed an answer with no secret: %s", Redact(keep))
	}
}

func TestRecordedCallsReplayByRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(`{"answer":"` + string(b) + `","secretAccessKey":"s3cr3t"}`))
	}))
	defer srv.Close()
	rec := NewRecorder(srv.Client())
	call := func(c aws.HTTPClient, body string) (string, error) {
		ctx := context.WithValue(context.Background(), keyCtx{}, Exchange{Service: "S", Operation: "O", Region: "r", Params: []byte("{}")})
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/", strings.NewReader(body))
		resp, err := c.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b), nil
	}
	for _, body := range []string{"alice", "bob"} {
		if _, err := call(rec, body); err != nil {
			t.Fatal(err)
		}
	}
	ex := rec.Exchanges()
	if len(ex) != 2 || strings.Contains(ex[0].Body, "s3cr3t") {
		t.Fatalf("recorded %+v", ex)
	}
	rp := NewReplayer(ex)
	for _, body := range []string{"bob", "alice"} { // same params ({}), told apart by the request
		got, err := call(rp, body)
		if err != nil || !strings.Contains(got, `"answer":"`+body+`"`) {
			t.Errorf("replay of %s = %q, %v", body, got, err)
		}
	}
	if _, err := call(rp, "carol"); !errors.Is(err, ErrNotRecorded) || len(rp.Missed()) != 1 {
		t.Errorf("an unrecorded call must fail as not in the bundle: %v", err)
	}
}
