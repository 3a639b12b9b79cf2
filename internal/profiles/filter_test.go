package profiles

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*SSM*", "AWS-SSM-Operators", true},
		{"*SSM*", "Admin", false},
		{"prod-?", "prod-1", true},
		{"prod-?", "prod-12", false},
		{"a*b*c", "a/x/b/y/c", true},
		{"a*b", "a", false},
		{"exact", "exact", true},
		{"**x", "yyx", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"~"+tt.s, func(t *testing.T) {
			if got := Glob(tt.pattern, tt.s); got != tt.want {
				t.Errorf("Glob(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
			}
		})
	}
}

func TestFilterMatch(t *testing.T) {
	recs := []Profile{
		{Name: "dev-ssm", AccountID: "925774240130", RoleName: "AWS-SSM-Operators", Region: "us-east-1", SSOSession: "corp", CredentialSource: SourceSSO, LoggedIn: true},
		{Name: "dev-admin", AccountID: "925774240130", RoleName: "AdministratorAccess", Region: "us-east-1", SSOSession: "corp", CredentialSource: SourceSSO},
		{Name: "idc", AccountID: "717279730613", RoleName: "ReadOnly", Region: "eu-west-1", CredentialSource: SourceSSOLegacy, LoggedIn: true},
		{Name: "ci", CredentialSource: SourceStatic, LoggedIn: true},
	}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"zero filter selects all", Filter{}, []string{"dev-ssm", "dev-admin", "idc", "ci"}},
		{"account", Filter{Accounts: []string{"925774240130"}}, []string{"dev-ssm", "dev-admin"}},
		{"two accounts", Filter{Accounts: []string{"925774240130", "717279730613"}}, []string{"dev-ssm", "dev-admin", "idc"}},
		{"account and role glob, any case", Filter{Accounts: []string{"925774240130"}, Role: "*ssm*"}, []string{"dev-ssm"}},
		{"name globs", Filter{Names: []string{"dev-*", "c?"}}, []string{"dev-ssm", "dev-admin", "ci"}},
		{"sso-session", Filter{SSOSession: "corp"}, []string{"dev-ssm", "dev-admin"}},
		{"region", Filter{Region: "eu-west-1"}, []string{"idc"}},
		{"source", Filter{Source: SourceStatic}, []string{"ci"}},
		{"logged in", Filter{LoggedIn: true}, []string{"dev-ssm", "idc", "ci"}},
		{"nothing", Filter{Accounts: []string{"111122223333"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range recs {
				if tt.f.Match(r) {
					got = append(got, r.Name)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestFilterValidate(t *testing.T) {
	tests := []struct {
		name    string
		f       Filter
		wantErr string
	}{
		{"ok", Filter{Accounts: []string{"925774240130"}, Source: SourceSSO}, ""},
		{"short account", Filter{Accounts: []string{"9257742401"}}, `--account "9257742401": an account ID is 12 digits`},
		{"a name may start with a dash (after --)", Filter{Names: []string{"-weird"}}, ""},
		{"unknown source", Filter{Source: "magic"}, `--source "magic": use one of sso, sso-legacy, assume-role, credential-process, static, web-identity, none`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("got %q, want %q", got, tt.wantErr)
			}
		})
	}
}
