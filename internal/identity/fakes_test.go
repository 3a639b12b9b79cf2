package identity

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return testNow }

// fakeSTS answers GetCallerIdentity from a table of profile name -> ARN.
type fakeSTS struct {
	arn, account, userID string
	err                  error
	calls                atomic.Int32
	hook                 func(ctx context.Context) // runs inside the call (blocking tests)
}

func (f *fakeSTS) GetCallerIdentity(ctx context.Context, _ *sts.GetCallerIdentityInput, _ ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	f.calls.Add(1)
	if f.hook != nil {
		f.hook(ctx)
	}
	if f.err != nil {
		return nil, f.err
	}
	return &sts.GetCallerIdentityOutput{Arn: aws.String(f.arn), Account: aws.String(f.account), UserId: aws.String(f.userID)}, nil
}

type fakeAliases struct {
	aliases []string
	err     error
	calls   atomic.Int32
}

func (f *fakeAliases) ListAccountAliases(context.Context, *iam.ListAccountAliasesInput, ...func(*iam.Options)) (*iam.ListAccountAliasesOutput, error) {
	f.calls.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	return &iam.ListAccountAliasesOutput{AccountAliases: f.aliases}, nil
}

type fakeAccounts struct {
	names map[string]string
	err   error
	calls atomic.Int32
}

func (f *fakeAccounts) DescribeAccount(_ context.Context, in *organizations.DescribeAccountInput, _ ...func(*organizations.Options)) (*organizations.DescribeAccountOutput, error) {
	f.calls.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	return &organizations.DescribeAccountOutput{Account: &orgtypes.Account{Name: aws.String(f.names[aws.ToString(in.AccountId)])}}, nil
}

// fakeCreds is what the SDK would hold after the STS call; the secret must never leak.
type fakeCreds struct {
	expires time.Time
	err     error // a failure to get credentials, e.g. from the SSO portal
}

const fakeSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"

func (f fakeCreds) Retrieve(context.Context) (aws.Credentials, error) {
	if f.err != nil {
		return aws.Credentials{}, f.err
	}
	return aws.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: fakeSecret, SessionToken: "FwoGZXIvYXdzSESSIONTOKEN",
		CanExpire: !f.expires.IsZero(), Expires: f.expires}, nil
}

// connector counts Connect calls and hands out the same clients for every profile.
type connector struct {
	mu       sync.Mutex
	clients  Clients
	err      error
	profiles []string
}

func (c *connector) connect(_ context.Context, profile string) (Clients, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.profiles = append(c.profiles, profile)
	return c.clients, c.err
}

func (c *connector) calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.profiles)
}

func apiError(service, op, code string) error {
	return &smithy.OperationError{ServiceID: service, OperationName: op,
		Err: &smithy.GenericAPIError{Code: code, Message: "message from AWS"}}
}

func ptr(t time.Time) *time.Time { return &t }
