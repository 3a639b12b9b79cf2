package awsconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

func names(f *Files) []string {
	var out []string
	for _, p := range f.Profiles() {
		out = append(out, p.Name)
	}
	return out
}

func notices(f *Files) []string {
	var out []string
	for _, n := range f.Notices {
		out = append(out, n.String())
	}
	return out
}

func TestProfileNamesFollowTheCLI(t *testing.T) {
	tests := []struct {
		name, config, creds string
		want                []string
	}{
		{"default and prefixed", "[default]\n[profile a]\n[plain]\n", "", []string{"default", "a"}},
		{"quoted and spaced names", "[profile \"my name\"]\n[profile   b  ]\n[profile 'c d']\n", "", []string{"my name", "b", "c d"}},
		{"malformed profile headers are ignored", "[profilex]\n[profile a b]\n[profile \"open]\n[profile]\n", "", nil},
		{"sso-session and services are not profiles", "[sso-session s]\n[services x]\n[profile p]\n", "", []string{"p"}},
		{"credentials add names after config ones", "[profile a]\n", "[z]\n[a]\n[profile q]\n", []string{"a", "z", "profile q"}},
		{"profile default is default", "[profile default]\nregion = x\n", "", []string{"default"}},
		{"credentials only", "", "[default]\n[ci]\n", []string{"default", "ci"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("config", []byte(tt.config), "credentials", []byte(tt.creds))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(f)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestCredentialsValuesWinAndDefaultDoesNotFillIn(t *testing.T) {
	f, err := Parse("config", []byte("[default]\nregion = eu-west-1\n[profile a]\nregion = us-east-1\naws_access_key_id = CFG\n"),
		"credentials", []byte("[a]\naws_access_key_id = CRED\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.Profile("a")
	if got := a.Value("aws_access_key_id"); got != "CRED" {
		t.Errorf("access key id = %q, want the credentials file's CRED", got)
	}
	if got := a.Value("region"); got != "us-east-1" {
		t.Errorf("region = %q, want the config file's us-east-1", got)
	}
	if diff := cmp.Diff([]string{"config", "credentials"}, []string{a.Sources[0].File, a.Sources[1].File}); diff != "" {
		t.Errorf("sources (-want +got)\n%s", diff)
	}
	f2, _ := Parse("config", []byte("[default]\nregion = eu-west-1\n[profile b]\n"), "", nil)
	b, _ := f2.Profile("b")
	if b.Has("region") {
		t.Errorf("[default] filled region into profile b")
	}
}

func TestLaterConfigSectionReplacesEarlier(t *testing.T) {
	f, err := Parse("config", []byte("[profile a]\nregion = x\noutput = json\n[profile b]\n[profile  a]\nregion = y\n"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.Profile("a")
	if a.Value("region") != "y" || a.Has("output") {
		t.Errorf("got region=%q output set=%v, want only the later section's values", a.Value("region"), a.Has("output"))
	}
	if diff := cmp.Diff([]string{"a", "b"}, names(f)); diff != "" {
		t.Errorf("order (-want +got)\n%s", diff)
	}
	if len(f.Notices) != 1 || !strings.Contains(f.Notices[0].Msg, "defined again") {
		t.Errorf("notices = %q, want one about the redefinition", notices(f))
	}
}

func TestNoticesNameTheFix(t *testing.T) {
	f, err := Parse("/c", []byte("[plain]\n[plugins]\n[profilex]\n[DEFAULT]\n"), "/k", []byte("[profile q]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/c:4: [DEFAULT] is not the default profile: the AWS CLI copies its keys into every section of this file, the SDKs read it as [default]; rename it to [default]",
		"/c:1: [plain] in the config file is not a profile; write [profile plain]",
		"/c:3: [profilex] is ignored by the AWS CLI: write [profile NAME]",
		`/k:1: [profile q] in the credentials file: the AWS CLI reads a profile named "profile q" and the SDKs ignore it; write [q]`,
	}
	if diff := cmp.Diff(want, notices(f)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestSSOSessionsAndServices(t *testing.T) {
	f, err := Parse("config", []byte("[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\n[services \"dev\"]\nssm =\n  endpoint_url = http://localhost\n"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := f.SSOSession("corp")
	if !ok {
		t.Fatal("sso-session corp not found")
	}
	if u, _ := s.Get("sso_start_url"); u != "https://x.awsapps.com/start" {
		t.Errorf("start url = %q", u)
	}
	if _, ok := f.Service("dev"); !ok {
		t.Errorf("services dev not found")
	}
}

func TestLoadMissingFilesAreEmptyAndErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	f, err := Load(paths.Paths{ConfigFile: filepath.Join(dir, "nope"), CredentialsFile: dir})
	if err != nil || len(f.Profiles()) != 0 {
		t.Fatalf("got %v, %v; want no profiles and no error", f, err)
	}
	bad := filepath.Join(dir, "config")
	if err := os.WriteFile(bad, []byte("[a]\n[a]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(paths.Paths{ConfigFile: bad})
	if err == nil || err.Error() != bad+":2: section [a] appears twice (first on line 1); merge them" {
		t.Errorf("got %v", err)
	}
}
