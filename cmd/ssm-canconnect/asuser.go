package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/urfave/cli/v2"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/identitycenter"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// Flag names of the Identity Center questions.
const (
	flagAsUser          = "as-user"
	flagAsPermissionSet = "as-permission-set"
	flagICProfile       = "identity-center-profile"
)

func identityCenterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: flagAsUser, Usage: "decide for this IAM Identity Center user `NAME` (user name or email), repeatable: each permission set they have in the target's account, through which group"},
		&cli.StringFlag{Name: flagAsPermissionSet, Usage: "decide for this IAM Identity Center permission set `NAME` on its own, no user"},
		&cli.StringFlag{Name: flagICProfile, Usage: "`PROFILE` that reads Identity Store and SSO Admin (the management or delegated-admin account; default: the caller's)"},
	}
}

// icOptions are the Identity Center flags, validated.
type icOptions struct {
	users         []string
	permissionSet string
	profile       string
}

func (o icOptions) active() bool { return len(o.users) > 0 || o.permissionSet != "" }

// parseIdentityCenter validates the Identity Center flags against the others.
func parseIdentityCenter(c *cli.Context, o liveOptions) (icOptions, error) {
	ic := icOptions{users: c.StringSlice(flagAsUser), permissionSet: c.String(flagAsPermissionSet), profile: c.String(flagICProfile)}
	for _, u := range ic.users {
		if u == "" {
			return ic, cmdutil.Usagef("--as-user needs an IAM Identity Center user name or email")
		}
	}
	switch {
	case len(ic.users) > 0 && ic.permissionSet != "":
		return ic, cmdutil.Usagef("give --as-user or --as-permission-set, not both")
	case ic.profile != "" && !ic.active():
		return ic, cmdutil.Usagef("--identity-center-profile goes with --as-user or --as-permission-set")
	case ic.active() && o.asRole != nil:
		return ic, cmdutil.Usagef("give --as-role or --as-user/--as-permission-set, not both")
	case ic.active() && (o.list || o.preflight):
		return ic, cmdutil.Usagef("--as-user and --as-permission-set check named targets: not with --list or --preflight")
	}
	return ic, nil
}

// checkIdentityCenter answers --as-user / --as-permission-set for one subject
// (the profile that reads the target's account).
func (r *runner) checkIdentityCenter(ctx context.Context, s runas.Subject) ([]access.AccessCheck, error) {
	if id, done := identity.Offline(s, r.d.now()); done {
		return r.failed(id), nil
	}
	p, err := r.prepare(ctx, s, checks{lifecycle: true, connection: true})
	if err != nil {
		return nil, err
	}
	if p.checker == nil {
		return r.failed(p.id), nil
	}
	ic, q, err := r.resolveIdentityCenter(ctx, s, p)
	if err != nil {
		return nil, err
	}
	return p.checker.CheckIdentityCenter(ctx, p.subject, ic, q, r.o.specs, r.o.sessions), nil
}

// resolveIdentityCenter finds the instance, the users and the permission
// set. A name that does not exist is exit 2; so is a caller's profile that
// cannot read Identity Center when no --identity-center-profile was given.
// With the flag, a refused read makes every answer unknown instead.
func (r *runner) resolveIdentityCenter(ctx context.Context, s runas.Subject, p prepared) (access.IdentityCenter, access.ICQuery, error) {
	o := r.o.ic
	explicit := o.profile != ""
	profile := o.profile
	if !explicit {
		profile = s.LoadName()
	}
	q := access.ICQuery{PermissionSetName: o.permissionSet}
	for _, u := range o.users {
		q.Users = append(q.Users, identitycenter.User{UserName: u})
	}
	cfg, err := r.icConfig(ctx, profile)
	if err != nil {
		return access.IdentityCenter{}, q, exitcode.New(exitcode.Usage, "--%s %s: %s", flagICProfile, profile, awsclient.Summary(err))
	}
	dir := identitycenter.New(ssoadmin.NewFromConfig(cfg), identitystore.NewFromConfig(cfg), 0)
	ic := access.IdentityCenter{Dir: dir}
	if profile != s.LoadName() {
		ic.Orgs = gather.New(gather.Clients{Orgs: organizations.NewFromConfig(cfg)}, 0)
	}
	// cannot turns a failed read into the answer the flags call for.
	cannot := func(err error) (access.IdentityCenter, access.ICQuery, error) {
		if awsclient.Classify(err) == awsclient.ClassSSOLogin {
			return ic, q, exitcode.New(exitcode.Credentials, "log in first: aws sso login --profile %s", profile)
		}
		if explicit && errors.Is(err, identitycenter.ErrNoInstance) {
			return ic, q, exitcode.New(exitcode.Usage, "--%s %s sees no IAM Identity Center instance in region %s: use a profile of the account that holds it (the organization's management account, or its delegated administrator), with the instance's region",
				flagICProfile, profile, cfg.Region)
		}
		if explicit {
			ic.Err = err
			return ic, q, nil
		}
		return ic, q, r.needICProfile(ctx, profile, cfg.Region, p, err)
	}
	if ic.Instance, err = dir.Instance(ctx); err != nil {
		return cannot(err)
	}
	// Every user at once; the first problem in the order given decides.
	errs := make([]error, len(o.users))
	var wg sync.WaitGroup
	for i, name := range o.users {
		wg.Add(1)
		go func() { defer wg.Done(); q.Users[i], errs[i] = dir.FindUser(ctx, ic.Instance.IdentityStoreID, name) }()
	}
	wg.Wait()
	for i, err := range errs {
		if errors.Is(err, identitycenter.ErrUserNotFound) {
			return ic, q, exitcode.New(exitcode.Usage, "no IAM Identity Center user has the user name or email %q (identity store %s)", o.users[i], ic.Instance.IdentityStoreID)
		}
	}
	for _, err := range errs {
		if err != nil {
			for j := range errs {
				if errs[j] != nil {
					q.Users[j] = identitycenter.User{UserName: o.users[j]}
				}
			}
			return cannot(err)
		}
	}
	if o.permissionSet != "" {
		arn, provisioned, err := dir.FindPermissionSet(ctx, ic.Instance.ARN, p.checker.Resolver.AccountID, o.permissionSet)
		if errors.Is(err, identitycenter.ErrPermissionSetNotFound) {
			return ic, q, exitcode.New(exitcode.Usage, "no IAM Identity Center permission set is named %q (instance %s)", o.permissionSet, ic.Instance.ARN)
		}
		if err != nil {
			return cannot(err)
		}
		q.PermissionSetARN, q.Provisioned = arn, provisioned
	}
	return ic, q, nil
}

// needICProfile is the exit-2 error naming --identity-center-profile and the
// account to use: the organization's management account, where the
// organization's Identity Center instance lives unless an administrator is
// delegated.
func (r *runner) needICProfile(ctx context.Context, profile, region string, p prepared, err error) error {
	why := check.Why(err)
	if errors.Is(err, identitycenter.ErrNoInstance) {
		why = "no IAM Identity Center instance is visible in region " + region
	}
	where := "the account that holds the organization's IAM Identity Center instance (the management account, or its delegated administrator)"
	if m, merr := p.checker.Reader.ManagementAccount(ctx); merr == nil && m != "" {
		where = fmt.Sprintf("account %s (the organization's management account; or Identity Center's delegated administrator), in the instance's region; `ssm-profiles --account %s` lists your profiles there", m, m)
	}
	return exitcode.New(exitcode.Usage, "--as-user/--as-permission-set read IAM Identity Center, which profile %s (account %s) cannot: %s; pass --%s with a profile of %s",
		profile, p.id.AccountID, why, flagICProfile, where)
}

// icConfig loads the Identity Center profile in its own region: --region
// names the targets' region, not where the instance lives.
func (r *runner) icConfig(ctx context.Context, profile string) (aws.Config, error) {
	if r.o.region == "" {
		return r.config(ctx, profile)
	}
	loc, err := runas.Load(r.d.env, r.d.home, r.d.now())
	if err != nil {
		return aws.Config{}, err
	}
	return r.d.loader(loc.Paths, "").Load(ctx, profile)
}
