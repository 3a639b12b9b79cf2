package awsclient

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A credential_process that fails must be explained without quoting its
// output: the SDK's own message for unparsable output holds the secret key.
func TestCredentialProcessFailuresNeverQuoteTheOutput(t *testing.T) {
	const secret, token = "PROCESS-SECRET-KEY", "PROCESS-SESSION-TOKEN"
	tests := []struct {
		name, script string
		wantClass    Class
		wantSummary  string
	}{
		{"unparsable expiration", `echo '{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"` + secret +
			`","SessionToken":"` + token + `","Expiration":12345}'`, ClassCredentials,
			"credential_process printed not version 1 credentials JSON (Time.UnmarshalJSON: input is not a JSON string); its output is not shown, it may hold secrets"},
		{"not json", `echo "SecretAccessKey=` + secret + `"`, ClassCredentials,
			"credential_process printed not version 1 credentials JSON (invalid character 'S' looking for beginning of value); its output is not shown, it may hold secrets"},
		{"exit status", `echo '{"SecretAccessKey":"` + secret + `"}'; exit 3`, ClassCredentials,
			"credential_process: error in credential_process: exit status 3"},
		{"wrong version", `echo '{"Version":2,"SecretAccessKey":"` + secret + `"}'`, ClassCredentials,
			"credential_process: wrong version in process output (not 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := sandboxFiles(t, "http://127.0.0.1:9")
			script := filepath.Join(t.TempDir(), "creds.sh")
			if err := os.WriteFile(script, []byte("#!/bin/sh\n"+tt.script+"\n"), 0o700); err != nil {
				t.Fatal(err)
			}
			mustWrite(t, opts.ConfigFiles[0], "[profile proc]\ncredential_process = "+script+"\nregion = eu-west-2\n")
			cfg, err := New(opts).Load(context.Background(), "proc")
			if err != nil {
				t.Fatal(err)
			}
			_, err = cfg.Credentials.Retrieve(context.Background())
			if err == nil {
				t.Fatal("the credential_process succeeded")
			}
			got := []any{Classify(err), Summary(err)}
			if diff := cmp.Diff([]any{tt.wantClass, tt.wantSummary}, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if s := Summary(err); strings.Contains(s, secret) || strings.Contains(s, token) {
				t.Errorf("Summary leaks the process output: %q", s)
			}
		})
	}
}
