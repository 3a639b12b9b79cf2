package identity

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
)

func TestTableAnswersAtAGlance(t *testing.T) {
	ok := Describe(ssoProfile(ssocache.Valid), Caller{ARN: ssoARN, AccountID: "925774240130"}, testNow)
	ok.AccountAlias = "cast-dev"
	expired, _ := Offline(ssoProfile(ssocache.Expired), testNow)
	user := Describe(runas.Subject{Profile: profiles.Profile{Name: "eoe-hie", CredentialSource: profiles.SourceStatic}}, Caller{ARN: "arn:aws:iam::135808916559:user/tf-deployment"}, testNow)

	var out bytes.Buffer
	p := output.NewPrinter(output.Streams{Out: &out}, output.Table)
	for _, id := range []Identity{ok, expired, user} {
		if err := p.Print(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `PROFILE   ACCOUNT                  ROLE                              SESSION    EXPIRES   STATUS   FIX
cast-dev  925774240130 (cast-dev)  SSM_PortForward (permission set)  a-a836660  in 4h00m  ok       
cast-dev  -                        -                                 -          expired   expired  aws sso login --sso-session castsoftware
eoe-hie   135808916559             iam-user                          -          -         ok       
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestHumanDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{-time.Minute, "expired"}, {0, "expired"}, {30 * time.Second, "in <1m"}, {59 * time.Minute, "in 59m"},
		{3*time.Hour + 12*time.Minute, "in 3h12m"}, {72 * time.Hour, "in 3d"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			if got := humanDuration(tt.d); got != tt.want {
				t.Errorf("humanDuration(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}
