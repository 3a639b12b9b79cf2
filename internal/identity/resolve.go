package identity

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// STSAPI is the one STS call ssm-whoami makes.
type STSAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// AliasAPI names the caller's account (iam:ListAccountAliases).
type AliasAPI interface {
	ListAccountAliases(context.Context, *iam.ListAccountAliasesInput, ...func(*iam.Options)) (*iam.ListAccountAliasesOutput, error)
}

// AccountAPI names an account of the organization (organizations:DescribeAccount).
type AccountAPI interface {
	DescribeAccount(context.Context, *organizations.DescribeAccountInput, ...func(*organizations.Options)) (*organizations.DescribeAccountOutput, error)
}

// Clients are one profile's AWS clients. Building them reads local files only.
type Clients struct {
	STS STSAPI
	// Aliases and Accounts may be nil: that enrichment is then skipped.
	Aliases  AliasAPI
	Accounts AccountAPI
	// Credentials, when set, are retrieved (and cached by the SDK) before the
	// first call, and tell when the credentials in use expire.
	Credentials aws.CredentialsProvider
	// Region is the region the SDK resolved for the profile.
	Region string
}

// Connector builds the clients of a profile ("" is the default chain).
type Connector func(ctx context.Context, profile string) (Clients, error)

// Resolver resolves profiles to identities. Its zero value is not usable: set
// Connect and Now.
type Resolver struct {
	Connect Connector
	Now     func() time.Time
	// Cache, when set, answers repeated questions without STS.
	Cache *Cache
	// Enrich adds the account alias and name (two more read-only calls).
	Enrich bool
}

// Resolve answers one profile. It never returns an error: failures are in the
// record (Error, Fix, Code), so one profile's failure never hides another's answer.
func (r *Resolver) Resolve(ctx context.Context, p runas.Subject) Identity {
	now := r.Now()
	if id, done := Offline(p, now); done {
		return id
	}
	key, cacheable := CacheKey(p)
	if r.Cache != nil && cacheable {
		if id, ok := r.Cache.Get(key, now, r.Enrich); ok {
			return fromCache(p, id, now)
		}
	}
	clients, err := r.Connect(ctx, p.LoadName())
	if err != nil {
		return Failure(p, err, now)
	}
	// Credentials first, once: a failure to get them (SSO portal, assume-role)
	// is then reported as itself, and not retried again by every call that
	// signs with them (3 STS attempts x 3 portal attempts otherwise).
	var creds aws.Credentials
	if clients.Credentials != nil {
		if creds, err = clients.Credentials.Retrieve(ctx); err != nil {
			return Failure(p, err, now)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	aliasCh := r.startAlias(ctx, clients)
	nameCh := r.startAccountName(ctx, clients, p, p.AccountID)

	out, err := clients.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Failure(p, err, now)
	}
	id := Describe(p, Caller{ARN: aws.ToString(out.Arn), AccountID: aws.ToString(out.Account), UserID: aws.ToString(out.UserId)}, now)
	if clients.Region != "" {
		id.Region = clients.Region // what the SDK used: AWS_REGION beats the profile
	}
	if creds.CanExpire {
		exp := creds.Expires.UTC()
		id.CredentialExpiresAt = &exp
	}
	if nameCh == nil {
		nameCh = r.startAccountName(ctx, clients, p, id.AccountID)
	}
	applyEnrichment(&id, aliasCh, nameCh)
	if r.Cache != nil && cacheable {
		r.Cache.Put(key, id, now, r.Enrich)
	}
	return id
}

// fromCache restores a cached identity, refreshing what may have changed offline.
func fromCache(p runas.Subject, cached Identity, now time.Time) Identity {
	fresh := base(p, now)
	id := cached
	id.Header, id.Profile, id.AsOf, id.Cached, id.Code = fresh.Header, fresh.Profile, now, true, exitcode.OK
	id.SSOTokenStatus, id.SSOTokenExpiresAt = fresh.SSOTokenStatus, fresh.SSOTokenExpiresAt
	return id
}
