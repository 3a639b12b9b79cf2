package scenario

// KMSKey is a customer-managed key, found by its alias (without the `alias/` prefix).
type KMSKey struct {
	Alias       string     `yaml:"alias"`
	Region      string     `yaml:"region"`
	Description string     `yaml:"description"`
	Policy      Document   `yaml:"policy"`
	Grants      []KMSGrant `yaml:"grants"`
}

// KMSGrant is a grant on a key.
type KMSGrant struct {
	Name       string   `yaml:"name"`
	Grantee    string   `yaml:"grantee"`
	Operations []string `yaml:"operations"`
}

// SessionPreferences is the account's SSM-SessionManagerRunShell document, in its own terms.
type SessionPreferences struct {
	// KMSKey is a key alias from this account (or a full key ARN) for session encryption.
	KMSKey                      string `yaml:"kmsKey"`
	S3BucketName                string `yaml:"s3BucketName"`
	S3KeyPrefix                 string `yaml:"s3KeyPrefix"`
	S3EncryptionEnabled         bool   `yaml:"s3EncryptionEnabled"`
	CloudWatchLogGroupName      string `yaml:"cloudWatchLogGroupName"`
	CloudWatchEncryptionEnabled bool   `yaml:"cloudWatchEncryptionEnabled"`
	CloudWatchStreamingEnabled  bool   `yaml:"cloudWatchStreamingEnabled"`
	RunAsEnabled                bool   `yaml:"runAsEnabled"`
	RunAsDefaultUser            string `yaml:"runAsDefaultUser"`
	IdleSessionTimeout          string `yaml:"idleSessionTimeout"`
	MaxSessionDuration          string `yaml:"maxSessionDuration"`
	ShellProfileLinux           string `yaml:"shellProfileLinux"`
	ShellProfileWindows         string `yaml:"shellProfileWindows"`
}

// ServiceSettings are the SSM service settings the gateway serves through GetServiceSetting.
type ServiceSettings struct {
	// DefaultHostManagementRole is the role name of Default Host Management Configuration, empty when off.
	DefaultHostManagementRole string `yaml:"defaultHostManagementRole"`
	// ActivationTier is `standard` (default) or `advanced`.
	ActivationTier string `yaml:"activationTier"`
}

// LogGroup is a CloudWatch Logs group, optionally encrypted with a key alias.
type LogGroup struct {
	Name   string `yaml:"name"`
	Region string `yaml:"region"`
	KMSKey string `yaml:"kmsKey"`
}

// Bucket is an S3 bucket, optionally with default SSE-KMS and a bucket policy.
type Bucket struct {
	Name   string   `yaml:"name"`
	Region string   `yaml:"region"`
	KMSKey string   `yaml:"kmsKey"`
	Policy Document `yaml:"policy"`
}

// Session is a Session Manager session served by DescribeSessions.
type Session struct {
	ID        string `yaml:"id"`
	Region    string `yaml:"region"`
	Target    string `yaml:"target"`
	Owner     string `yaml:"owner"`
	Status    string `yaml:"status"`
	Document  string `yaml:"document"`
	StartedAt string `yaml:"startedAt"`
	EndedAt   string `yaml:"endedAt"`
	Reason    string `yaml:"reason"`
}

// Active reports whether DescribeSessions lists the session under State=Active.
func (s Session) Active() bool {
	switch s.Status {
	case "", "Connected", "Connecting", "Disconnected":
		return true
	}
	return false
}

// Local is the machine of the person at the keyboard: their AWS config, credentials and SSO cache.
type Local struct {
	// Config is the text of ~/.aws/config; placeholders as in policy documents.
	Config string `yaml:"config"`
	// Credentials is the text of ~/.aws/credentials, before AccessKeys are appended.
	Credentials string `yaml:"credentials"`
	// AccessKeys add `[profile]` sections with keys the seeder creates for IAM users.
	AccessKeys []LocalAccessKey `yaml:"accessKeys"`
	// SSOCache are cached SSO access tokens, valid or expired.
	SSOCache []SSOToken `yaml:"ssoCache"`
	// SSHConfig is the text of ~/.ssh/config (e.g. a Session Manager ProxyCommand).
	SSHConfig string `yaml:"sshConfig"`
}

// LocalAccessKey is a static key for an IAM user, written to the credentials file.
type LocalAccessKey struct {
	Profile string `yaml:"profile"`
	Account string `yaml:"account"`
	User    string `yaml:"user"`
}

// SSOToken is a cached SSO token for an sso-session (or a legacy start URL) signed in as User.
type SSOToken struct {
	// Session is the sso-session name; the cache file is sha1(Session).json.
	Session string `yaml:"session"`
	// StartURL keys a legacy (session-less) profile's cache file instead: sha1(StartURL).json.
	StartURL string `yaml:"startUrl"`
	User     string `yaml:"user"`
	// ExpiresIn is a Go duration from now; negative means already expired (e.g. "-2h").
	ExpiresIn string `yaml:"expiresIn"`
}
