package readiness

import (
	"testing"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// The seed's instance role: kms:Decrypt on the key, logs only to an old group.
const castRoleLogs = `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:eu-west-1:925774240130:key/k1"},
 {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":"arn:aws:logs:eu-west-1:925774240130:log-group:/aws/ssm/cast-dev/session-logs-2023:*"},
 {"Effect":"Allow","Action":"logs:DescribeLogGroups","Resource":"*"}]}`

func TestSessionChecks(t *testing.T) {
	seedPrefs := Preferences{Found: true, KMSKeyID: "alias/session-manager", S3BucketName: "cast-dev-ssm-session-logs-925774240130", S3KeyPrefix: "sessions/",
		S3EncryptionEnabled: true, CloudWatchLogGroupName: "/aws/ssm/cast-dev/session-logs", CloudWatchEncryptionEnabled: true, CloudWatchStreamingEnabled: true, IdleSessionTimeout: "20"}
	rootKeyPolicy := mustPolicy(t, "key policy", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::925774240130:root"},"Action":"kms:*","Resource":"*"}]}`)
	seed := SessionInput{Prefs: seedPrefs, Role: role(t, "CASTAppInstanceRole", coreDoc, castRoleLogs), Region: "eu-west-1", Account: "925774240130",
		KeyARN: "arn:aws:kms:eu-west-1:925774240130:key/k1", KeyPolicy: rootKeyPolicy, Now: testNow,
		LogGroup: LogGroup{Name: "/aws/ssm/cast-dev/session-logs", Exists: true, KMSKeyID: "k1"},
		Bucket:   Bucket{Name: "cast-dev-ssm-session-logs-925774240130", Exists: true, Encrypted: true}}
	good := seed
	good.Role = role(t, "Good", coreDoc, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","logs:*","s3:PutObject","s3:GetEncryptionConfiguration"],"Resource":"*"}]}`)
	unencrypted := good
	unencrypted.LogGroup.KMSKeyID = ""
	missing := good
	missing.Bucket.Exists = false
	keyDenies := good
	keyDenies.KeyPolicy = mustPolicy(t, "key policy", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::925774240130:role/Admin"},"Action":"kms:*","Resource":"*"}]}`)
	tests := []struct {
		name string
		got  Check
		want Status
	}{
		{"seed role may decrypt", CheckSessionKMS(seed), Pass},
		{"seed role cannot write the preferences' log group or bucket", CheckSessionLogging(seed), Fail},
		{"a role that may write everything", CheckSessionLogging(good), Pass},
		{"encryption enforced on an unencrypted group", CheckSessionLogging(unencrypted), Fail},
		{"missing bucket", CheckSessionLogging(missing), Fail},
		{"key policy that does not delegate to IAM", CheckSessionKMS(keyDenies), Fail},
		{"no key", CheckSessionKMS(SessionInput{}), Skip},
		{"unreadable key policy", CheckSessionKMS(SessionInput{Prefs: seedPrefs, Role: good.Role, KeyUnreadable: "needs permission kms:GetKeyPolicy"}), Unknown},
		{"preferences", CheckPreferences(seedPrefs, "eu-west-1"), Pass},
		{"no preferences document", CheckPreferences(Preferences{}, "eu-west-1"), Pass},
		{"idle timeout out of range", CheckPreferences(Preferences{Found: true, IdleSessionTimeout: "90"}, "eu-west-1"), Warn},
		{"run as on Linux", CheckRunAs(Preferences{RunAsEnabled: true, RunAsDefaultUser: "ec2-user"}, "Linux"), Warn},
		{"run as off", CheckRunAs(Preferences{}, "Linux"), Skip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.Status != tt.want {
				t.Errorf("status %s (%s), want %s", tt.got.Status, tt.got.Reason, tt.want)
			}
			if tt.got.Status == Fail && len(tt.got.Fixes) == 0 {
				t.Errorf("fails without a fix: %s", tt.got.Reason)
			}
		})
	}
}
