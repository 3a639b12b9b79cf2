package awsconfig

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func envOf(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestDefaultPaths(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want Paths
	}{
		{"HOME", map[string]string{"HOME": "/h", "USERPROFILE": "/u"},
			Paths{"/h/.aws/config", "/h/.aws/credentials", "/h/.aws/sso/cache"}},
		{"USERPROFILE", map[string]string{"USERPROFILE": "/u"},
			Paths{"/u/.aws/config", "/u/.aws/credentials", "/u/.aws/sso/cache"}},
		{"HOMEDRIVE+HOMEPATH", map[string]string{"HOMEDRIVE": "C:", "HOMEPATH": "/Users/me"},
			Paths{"C:/Users/me/.aws/config", "C:/Users/me/.aws/credentials", "C:/Users/me/.aws/sso/cache"}},
		{"overrides with ~ and $VAR", map[string]string{"HOME": "/h", "AWS_CONFIG_FILE": "~/cfg", "AWS_SHARED_CREDENTIALS_FILE": "$D/creds", "D": "/d"},
			Paths{"/h/cfg", "/d/creds", "/h/.aws/sso/cache"}},
		{"no home but both files named", map[string]string{"AWS_CONFIG_FILE": "/c", "AWS_SHARED_CREDENTIALS_FILE": "/k"},
			Paths{"/c", "/k", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultPaths(envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	if _, err := DefaultPaths(envOf(nil)); err == nil {
		t.Error("no HOME and no file variables: want an error naming HOME")
	}
}
