// Package awsclient builds the aws.Config every ssmkit tool uses for a profile:
// adaptive retry on throttling with bounded attempts, one shared HTTP client, and
// only the SDK's standard resolution of files, endpoints and credentials
// (AWS_PROFILE, AWS_CONFIG_FILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSO, ...).
// The global --timeout is the caller's context deadline: every call honours it.
package awsclient

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxAttempts     = 3
	DefaultMaxBackoff      = 2 * time.Second
	DefaultRegion          = "us-east-1"
	DefaultDialTimeout     = 5 * time.Second
	DefaultMaxConnsPerHost = 64
)

// Options tunes a Loader. The zero value is ready to use.
type Options struct {
	// MaxAttempts bounds the attempts per API call, first one included.
	MaxAttempts int
	// MaxBackoff caps the delay between two attempts.
	MaxBackoff time.Duration
	// DefaultRegion is used only when neither the environment nor the profile names one;
	// global services such as STS still answer there.
	DefaultRegion string
	// ConfigFiles and CredentialsFiles replace the SDK's default file list. The SDK
	// computes that list from HOME when it initialises, so in-process tests pass paths.
	ConfigFiles      []string
	CredentialsFiles []string
	// HTTPClient replaces the shared client (tests).
	HTTPClient aws.HTTPClient
	// Region, when set, overrides the profile's and the environment's
	// region (a tool's --region).
	Region string
	// APIOptions are added to every client (the evidence bundle's key
	// middleware, EvidenceAPIOption).
	APIOptions []func(*middleware.Stack) error
	// Credentials, when set, replaces credential resolution (replaying an
	// evidence bundle signs with placeholders and resolves nothing).
	Credentials aws.CredentialsProvider
}

// Loader builds one aws.Config per profile; all share one HTTP client so connections
// to the same endpoint are reused across profiles.
type Loader struct {
	opts Options
}

// New returns a Loader with defaults filled in.
func New(opts Options) *Loader {
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.DefaultRegion == "" {
		opts.DefaultRegion = DefaultRegion
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = awshttp.NewBuildableClient().
			WithDialerOptions(func(d *net.Dialer) { d.Timeout = DefaultDialTimeout }).
			WithTransportOptions(func(t *http.Transport) {
				t.MaxIdleConnsPerHost = DefaultMaxConnsPerHost
			})
	}
	return &Loader{opts: opts}
}

// Retryer returns the retry strategy the Loader installs: adaptive mode, which
// slows the client down on throttling errors, with bounded attempts and backoff.
func (l *Loader) Retryer() aws.Retryer {
	return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
			so.MaxAttempts = l.opts.MaxAttempts
			so.MaxBackoff = l.opts.MaxBackoff
			so.Backoff = retry.NewExponentialJitterBackoff(l.opts.MaxBackoff)
		})
	})
}

// Load resolves the configuration of profile ("" means AWS_PROFILE or the default
// chain). It reads local files only; credentials are fetched lazily on first use.
func (l *Loader) Load(ctx context.Context, profile string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithDefaultRegion(l.opts.DefaultRegion),
		config.WithRetryer(l.Retryer),
		config.WithHTTPClient(l.opts.HTTPClient),
		config.WithSSOTokenProviderOptions(func(o *ssocreds.SSOTokenProviderOptions) {
			o.Client = noSSORefresh{}
		}),
		// The SDK logs to stderr by default (the IMDS client's "falling back
		// to IMDSv1" when no credentials are configured, retry notes): a
		// tool's stderr carries its own lines only, and a ProxyCommand's
		// stderr is the user's terminal.
		config.WithLogger(logging.Nop{}),
		config.WithClientLogMode(0),
	}
	if l.opts.Region != "" {
		opts = append(opts, config.WithRegion(l.opts.Region))
	}
	if len(l.opts.APIOptions) > 0 {
		opts = append(opts, config.WithAPIOptions(l.opts.APIOptions))
	}
	if l.opts.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(l.opts.Credentials))
	}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if l.opts.ConfigFiles != nil {
		opts = append(opts, config.WithSharedConfigFiles(l.opts.ConfigFiles))
	}
	if l.opts.CredentialsFiles != nil {
		opts = append(opts, config.WithSharedCredentialsFiles(l.opts.CredentialsFiles))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		if profile == "" {
			return aws.Config{}, &loadError{fmt.Errorf("loading AWS configuration: %w", err)}
		}
		return aws.Config{}, &loadError{fmt.Errorf("loading AWS configuration for profile %q: %w", profile, err)}
	}
	return cfg, nil
}

// loadError marks a failure of Load, which reads local files only: whatever
// the SDK's wording (a missing sso-session section, SSO keys missing, a role
// chain that loops), the configuration needs fixing.
type loadError struct{ err error }

func (e *loadError) Error() string { return e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }
