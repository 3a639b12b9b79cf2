package seed

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

func TestReservedRoleNames(t *testing.T) {
	name := ReservedRoleName("925774240130", "EC2-SSM-PortForward")
	if !regexp.MustCompile(`^AWSReservedSSO_EC2-SSM-PortForward_[0-9a-f]{16}$`).MatchString(name) {
		t.Errorf("name = %s, want AWSReservedSSO_<PS>_<16 hex>", name)
	}
	if name != ReservedRoleName("925774240130", "EC2-SSM-PortForward") || name == ReservedRoleName("717279730613", "EC2-SSM-PortForward") {
		t.Error("suffix must be stable per account and differ between accounts")
	}
	tests := map[string]string{
		"eu-west-1": "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/" + ReservedRoleName("925774240130", "Ops"),
		"us-east-1": "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/" + ReservedRoleName("925774240130", "Ops"),
	}
	for region, want := range tests {
		if got := ReservedRoleARN("925774240130", region, "Ops"); got != want {
			t.Errorf("%s: ARN = %s, want %s", region, got, want)
		}
	}
}

func TestCacheFileNameIsSHA1Hex(t *testing.T) {
	// sha1("cast"), as `printf cast | sha1sum` prints it: the SDKs' cache key for sso-session "cast".
	if got := CacheFileName("cast"); got != "39aa12e6d633fbb40d65f75a3c76898807ac424e.json" {
		t.Errorf("CacheFileName(cast) = %s", got)
	}
}

func TestSessionDuration(t *testing.T) {
	tests := map[string]time.Duration{"PT8H": 8 * time.Hour, "PT30M": 30 * time.Minute, "PT1H30M": 90 * time.Minute, "": time.Hour, "P1D": time.Hour}
	for in, want := range tests {
		if got := SessionDuration(scenario.PermissionSet{SessionDuration: in}); got != want {
			t.Errorf("SessionDuration(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSessionDocumentMatchesConsoleShape(t *testing.T) {
	doc, err := SessionDocument(scenario.SessionPreferences{CloudWatchLogGroupName: "/aws/ssm/x", CloudWatchEncryptionEnabled: true, RunAsEnabled: true, RunAsDefaultUser: "ssm-user"}, "arn:aws:kms:eu-west-1:1:key/k")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		SchemaVersion, SessionType string
		Inputs                     map[string]any
	}
	if err := json.Unmarshal([]byte(doc), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"kmsKeyId": "arn:aws:kms:eu-west-1:1:key/k", "cloudWatchLogGroupName": "/aws/ssm/x", "cloudWatchEncryptionEnabled": true,
		"runAsEnabled": true, "runAsDefaultUser": "ssm-user", "idleSessionTimeout": "20"}
	for k, v := range want {
		if diff := cmp.Diff(v, got.Inputs[k]); diff != "" {
			t.Errorf("inputs.%s (-want +got):\n%s", k, diff)
		}
	}
	if got.SchemaVersion != "1.0" || got.SessionType != "Standard_Stream" {
		t.Errorf("schemaVersion %q sessionType %q", got.SchemaVersion, got.SessionType)
	}
}
