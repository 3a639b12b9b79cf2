package readiness

import (
	"strconv"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// Preferences are the Session Manager preferences of a region (the
// SSM-SessionManagerRunShell document's inputs); the zero value is AWS's
// defaults (no document).
type Preferences struct {
	Found                       bool   `json:"found"`
	KMSKeyID                    string `json:"kmsKeyId,omitempty"`
	S3BucketName                string `json:"s3BucketName,omitempty"`
	S3KeyPrefix                 string `json:"s3KeyPrefix,omitempty"`
	S3EncryptionEnabled         bool   `json:"s3EncryptionEnabled,omitempty"`
	CloudWatchLogGroupName      string `json:"cloudWatchLogGroupName,omitempty"`
	CloudWatchEncryptionEnabled bool   `json:"cloudWatchEncryptionEnabled,omitempty"`
	CloudWatchStreamingEnabled  bool   `json:"cloudWatchStreamingEnabled,omitempty"`
	RunAsEnabled                bool   `json:"runAsEnabled,omitempty"`
	RunAsDefaultUser            string `json:"runAsDefaultUser,omitempty"`
	IdleSessionTimeout          string `json:"idleSessionTimeout,omitempty"`
	MaxSessionDuration          string `json:"maxSessionDuration,omitempty"`
	ShellProfile                string `json:"shellProfile,omitempty"`
}

// Features lists the agent features the preferences turn on.
func (p Preferences) Features() []Feature {
	var out []Feature
	if p.KMSKeyID != "" {
		out = append(out, FeatureKMS)
	}
	if p.RunAsEnabled {
		out = append(out, FeatureRunAs)
	}
	if p.CloudWatchStreamingEnabled && p.CloudWatchLogGroupName != "" {
		out = append(out, FeatureCloudWatchStream)
	}
	if p.ShellProfile != "" {
		out = append(out, FeatureShellProfile)
	}
	return out
}

// Services lists the endpoints, besides the core ones, a session needs
// under these preferences: kms for the key, logs and s3 for the logs.
func (p Preferences) Services() []string {
	var out []string
	if p.KMSKeyID != "" {
		out = append(out, "kms")
	}
	if p.CloudWatchLogGroupName != "" {
		out = append(out, "logs")
	}
	if p.S3BucketName != "" {
		out = append(out, "s3")
	}
	return out
}

// CheckPreferences is the account-wide finding: the document, its settings
// and whether they are within AWS's limits (idle 1-60 minutes, maximum
// 1-1440 minutes: session-preferences-timeout.html, session-preferences-max-timeout.html).
func CheckPreferences(p Preferences, region string) Check {
	c := Check{ID: "account.preferences", Title: "Session Manager preferences", Evidence: p, Status: Pass}
	if !p.Found {
		c.Reason = "no SSM-SessionManagerRunShell document in " + region + ": AWS's defaults (no encryption, no logging)"
		return c
	}
	var parts []string
	if p.KMSKeyID != "" {
		parts = append(parts, "KMS key "+p.KMSKeyID)
	}
	if p.CloudWatchLogGroupName != "" {
		parts = append(parts, "CloudWatch "+p.CloudWatchLogGroupName)
	}
	if p.S3BucketName != "" {
		parts = append(parts, "S3 "+p.S3BucketName)
	}
	if p.RunAsEnabled {
		parts = append(parts, "Run As "+firstNonEmpty(p.RunAsDefaultUser, "(no default user)"))
	}
	for _, lim := range []struct {
		name, v string
		max     int
	}{{"idleSessionTimeout", p.IdleSessionTimeout, 60}, {"maxSessionDuration", p.MaxSessionDuration, 1440}} {
		if lim.v == "" {
			continue
		}
		n, err := strconv.Atoi(lim.v)
		if err != nil || n < 1 || n > lim.max {
			c.Status, c.Reason = Warn, lim.name+" "+strconv.Quote(lim.v)+" is not a number of minutes from 1 to "+strconv.Itoa(lim.max)
			return c
		}
		parts = append(parts, lim.name+" "+lim.v+"m")
	}
	c.Reason = "preferences: " + firstNonEmpty(strings.Join(parts, ", "), "defaults")
	return c
}

// LogGroup is what CloudWatch Logs says of the preferences' log group.
type LogGroup struct {
	Name     string `json:"name"`
	Exists   bool   `json:"exists"`
	KMSKeyID string `json:"kmsKeyId,omitempty"`
	// Unreadable names the permission that would read it.
	Unreadable string `json:"unreadable,omitempty"`
}

// Bucket is what S3 says of the preferences' bucket.
type Bucket struct {
	Name       string `json:"name"`
	Exists     bool   `json:"exists"`
	Encrypted  bool   `json:"encrypted"`
	Unreadable string `json:"unreadable,omitempty"`
}

// SessionInput is what the session checks need per target role.
type SessionInput struct {
	Prefs    Preferences
	Role     *Role // the agent's role; nil when unknown
	Region   string
	Account  string
	Platform string // the node's platform type (Linux, Windows, MacOS)
	// KeyARN is the preferences' key resolved to an ARN, KeyPolicy its policy.
	KeyARN        string
	KeyPolicy     *policy.Policy
	KeyUnreadable string
	LogGroup      LogGroup
	Bucket        Bucket
	Now           time.Time
}
