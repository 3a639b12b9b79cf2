package profiles

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/record"
)

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	exp := time.Date(2026, 11, 21, 18, 0, 0, 123, time.UTC)
	cases := []Profile{
		{},
		{Header: record.NewHeader(record.KindProfile), Name: "a", CredentialSource: SourceSSO, Files: []string{"/h/.aws/config"}},
		{Header: record.NewHeader(record.KindProfile), Name: "weird \"name\" <&> \x01 é \u2028", CredentialSource: SourceAssumeRole,
			AccountID: "925774240130", RoleName: "R", Region: "us-east-1", SSOSession: "s", SSOStartURL: "https://x/start?a=1&b=2",
			SSORegion: "eu-west-1", RoleARN: "arn:aws:iam::1:role/R", SourceProfile: "b", RoleCredentialSource: "Environment",
			Chain: []string{"a", "b"}, AccessKeyID: "AKIA****", Files: []string{}, Token: &Token{Status: "expired", ExpiresAt: &exp, Refreshable: true},
			LoggedIn: true, Fix: "aws sso login --sso-session 's'", Warnings: []string{"w1", "bad \xff utf8"}},
		{Name: "t", Token: &Token{Status: "missing"}},
	}
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, dir := range dirs {
		if files, err := loadFixture(t, dir); err == nil {
			cases = append(cases, Build(files, fixtureTokens(dir))...)
		}
	}
	many, want := cases, []byte{}
	for _, p := range cases {
		line, _ := json.Marshal(p)
		want = append(append(want, line...), '\n')
	}
	for len(many) < parallelMin { // enough records for the parallel path
		many = append(many, many...)
		want = append(want, want...)
	}
	var got bytes.Buffer
	if err := WriteNDJSON(&got, many); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("WriteNDJSON (-encoding/json +ours)\n%s", diff)
	}
	for i, p := range cases {
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got := p.AppendJSON([]byte("prefix"))
		if diff := cmp.Diff("prefix"+string(want), string(got)); diff != "" {
			t.Errorf("case %d %q (-encoding/json +AppendJSON)\n%s", i, p.Name, diff)
		}
	}
}
