package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/ssmkit/ssmkit/internal/target"
	"github.com/urfave/cli/v2"
)

// fewTargets is how many targets still get a per-target
// ssm:GetConnectionStatus; more is fleet mode, batch calls only.
const fewTargets = 10

// runTargets checks the named targets, or --all, in one account and region.
// The records are the account record, then one per target in order, then
// one per spec that matched nothing.
func runTargets(c *cli.Context, d deps, opts options, streams output.Streams) ([]readiness.Readiness, error) {
	specs := make([]target.Spec, 0, len(opts.args))
	for _, a := range opts.args {
		sp, err := target.ParseSpec(a)
		if err != nil {
			return nil, cmdutil.Usagef("%v", err)
		}
		specs = append(specs, sp)
	}
	ctx, cancel := cmdutil.WithTimeout(c)
	defer cancel()
	now := d.now()
	loc, err := runas.Load(d.env, d.home, now)
	if err != nil {
		return nil, err
	}
	subj := loc.Implicit()
	if p := opts.profile; p != "" {
		subj = loc.Named(p)
		if subj.Missing {
			return nil, cmdutil.Usagef("profile %s is not defined in %s", p, loc.Paths.ConfigFile)
		}
	}
	if id, done := identity.Offline(subj, now); done && !id.OK() {
		return nil, identityError(id)
	}
	awsOpts := awsclient.Options{ConfigFiles: []string{loc.Paths.ConfigFile},
		CredentialsFiles: []string{loc.Paths.CredentialsFile}, Region: opts.region}
	if d.awsOptions != nil {
		d.awsOptions(&awsOpts)
	}
	loader := awsclient.New(awsOpts)
	cfg, err := loader.Load(ctx, subj.LoadName())
	if err != nil {
		return nil, identityError(identity.Failure(subj, err, now))
	}
	if cfg.Region == "" {
		return nil, cmdutil.Usagef("no region for profile %s: pass --region", subj.DisplayName())
	}
	ids := &identity.Resolver{Now: d.now, Connect: func(context.Context, string) (identity.Clients, error) {
		return identity.Clients{STS: sts.NewFromConfig(cfg), Credentials: cfg.Credentials, Region: cfg.Region}, nil
	}}
	id := ids.Resolve(ctx, subj)
	if !id.OK() {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, cmdutil.TimeoutError(c, "ssm-readiness")
		}
		return nil, identityError(id)
	}
	partition := "aws"
	if pr, err := arn.ParsePrincipal(id.ARN); err == nil {
		partition = pr.Partition
	}
	ssmc := ssm.NewFromConfig(cfg)
	tr := &target.Resolver{EC2: ec2.NewFromConfig(cfg), SSM: ssmc, AccountID: id.AccountID, Region: cfg.Region,
		Partition: partition, Concurrency: gather.DefaultConcurrency}

	var targets []target.Target
	var missing []readiness.Readiness
	a := &readiness.Assessor{
		Sources: readiness.Sources{
			Reader: gather.New(gather.Clients{IAM: iam.NewFromConfig(cfg), Orgs: organizations.NewFromConfig(cfg),
				KMS: kms.NewFromConfig(cfg), SSM: ssmc}, gather.DefaultConcurrency),
			Network: gather.NewNetwork(ec2.NewFromConfig(cfg), gather.DefaultConcurrency),
			Account: &gather.Account{SSM: ssmc, Logs: cloudwatchlogs.NewFromConfig(cfg), S3: s3.NewFromConfig(cfg)},
		},
		AccountID: id.AccountID, Region: cfg.Region, Profile: subj.DisplayName(), Now: now,
		Agent:      readiness.AgentInput{Needed: opts.sessions, Floor: opts.minAgent},
		ExpectTags: opts.expectTags, Concurrency: gather.DefaultConcurrency,
	}
	if opts.all {
		targets, err = tr.All(ctx)
		if err != nil {
			if ctx.Err() == context.DeadlineExceeded {
				return nil, cmdutil.TimeoutError(c, "ssm-readiness --all")
			}
			return nil, exitcode.New(awsclient.Classify(err).ExitCode(), "listing the instances of account %s in %s: %s", id.AccountID, cfg.Region, check.Why(err))
		}
	} else {
		seen := map[string]bool{}
		for _, m := range tr.Resolve(ctx, specs) {
			if len(m.Targets) == 0 {
				missing = append(missing, a.Missing(m.Spec.Raw, m.Err))
			}
			for _, t := range m.Targets {
				if !seen[t.ID] {
					seen[t.ID] = true
					targets = append(targets, t)
				}
			}
		}
	}
	fleet := opts.all || len(targets) > fewTargets
	if !fleet {
		a.Connection = tr.Connection
	}
	bar := newProgress(streams.Err, len(targets), c.Bool(cmdutil.FlagQuiet) || !fleet)
	a.Done = bar.done
	records := []readiness.Readiness{a.AccountRecord(ctx)}
	records = append(records, a.Assess(ctx, targets)...)
	records = append(records, missing...)
	bar.finish()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// What finished is still printed (the rest is unknown): timedOut.
		return records, &timedOut{cmdutil.TimeoutError(c, "ssm-readiness")}
	}
	if opts.all && len(targets) > 0 && targets[0].NodeErr != nil {
		streams.Notef("the managed nodes could not be listed (%s): hybrid (mi-) nodes are missing from --all", check.Why(targets[0].NodeErr))
	}
	return records, nil
}

// identityError is the one error line for credentials that do not work:
// exit 4 with the login command, 2 for a broken profile, 3 otherwise.
func identityError(id identity.Identity) error {
	msg := strings.TrimSpace(id.Error)
	if id.Fix != "" {
		msg += ": " + id.Fix
	}
	code := id.Code
	if code == exitcode.OK {
		code = exitcode.Unknown
	}
	return exitcode.New(code, "%s", fmt.Sprint(msg))
}
