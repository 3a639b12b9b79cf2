package main

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/ssmkit/ssmkit/internal/target"
)

// runner answers for one subject at a time: offline first, then who the
// credentials are (STS, or the identity cache), then the live check.
type runner struct {
	d       deps
	streams output.Streams
	o       liveOptions
	loader  *awsclient.Loader
	ids     *identity.Resolver
	mu      sync.Mutex
	cfgs    map[string]aws.Config // one configuration per profile, loaded once
}

func newRunner(d deps, streams output.Streams, loc *runas.Local, o liveOptions) *runner {
	r := &runner{d: d, streams: streams, o: o, loader: d.loader(loc.Paths, o.region), cfgs: map[string]aws.Config{}}
	r.ids = &identity.Resolver{Connect: r.connect, Now: d.now}
	if dir, ok := runas.IdentityCacheDir(d.env, d.home); ok && !o.noCache {
		r.ids.Cache = &identity.Cache{Dir: dir, TTL: identity.DefaultCacheTTL}
	}
	return r
}

// config loads a profile's configuration once per run.
func (r *runner) config(ctx context.Context, profile string) (aws.Config, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cfg, ok := r.cfgs[profile]; ok {
		return cfg, nil
	}
	cfg, err := r.loader.Load(ctx, profile)
	if err == nil {
		r.cfgs[profile] = cfg
	}
	return cfg, err
}

func (r *runner) connect(ctx context.Context, profile string) (identity.Clients, error) {
	cfg, err := r.config(ctx, profile)
	if err != nil {
		return identity.Clients{}, err
	}
	return identity.Clients{STS: sts.NewFromConfig(cfg), Credentials: cfg.Credentials, Region: cfg.Region}, nil
}

// checks says what the live check includes in this mode.
type checks struct {
	simulate, lifecycle, connection bool
}

// prepared is a subject ready for the live check, or its identity failure.
type prepared struct {
	id      identity.Identity
	subject access.Subject
	checker *access.Checker
}

// prepare resolves who s is and builds the checker for its account and region.
func (r *runner) prepare(ctx context.Context, s runas.Subject, k checks) (prepared, error) {
	id := r.ids.Resolve(ctx, s)
	p := prepared{id: id}
	if !id.OK() {
		p.subject.Principal = access.Principal{Profile: id.Profile, ARN: id.ARN}
		p.subject.Credentials = credentialsCheck(id)
		return p, nil
	}
	subj, err := subjectOf(id, r.o)
	if err == errOtherAccount {
		return p, exitcode.New(exitcode.Usage, "--as-role %s is in account %s, but profile %s reaches account %s: use a profile of account %s",
			r.o.asRole.ARN, r.o.asRole.AccountID, id.Profile, id.AccountID, r.o.asRole.AccountID)
	}
	p.subject = subj
	cfg, err := r.config(ctx, s.LoadName())
	if err != nil {
		p.id = identity.Failure(s, err, r.d.now())
		p.subject.Credentials = credentialsCheck(p.id)
		return p, nil
	}
	partition := "aws"
	if pr, err := arn.ParsePrincipal(id.ARN); err == nil {
		partition = pr.Partition
	}
	reader := gather.New(gather.Clients{IAM: iam.NewFromConfig(cfg), Orgs: organizations.NewFromConfig(cfg),
		KMS: kms.NewFromConfig(cfg), SSM: ssm.NewFromConfig(cfg)}, gather.DefaultConcurrency)
	p.checker = &access.Checker{Reader: reader, Now: r.d.now,
		Resolver: &target.Resolver{EC2: ec2.NewFromConfig(cfg), SSM: ssm.NewFromConfig(cfg), AccountID: id.AccountID,
			Region: cfg.Region, Partition: partition, Concurrency: gather.DefaultConcurrency},
		Simulate: k.simulate && !r.o.noSimulator, Lifecycle: k.lifecycle, Connection: k.connection}
	return p, nil
}

// check answers one subject for the options' targets and sessions.
func (r *runner) check(ctx context.Context, s runas.Subject, k checks) ([]access.AccessCheck, error) {
	if id, done := identity.Offline(s, r.d.now()); done {
		return r.failed(id), nil
	}
	p, err := r.prepare(ctx, s, k)
	if err != nil {
		return nil, err
	}
	if p.checker == nil {
		return r.failed(p.id), nil
	}
	return p.checker.Check(ctx, p.subject, r.o.specs, r.o.sessions), nil
}

// failed is one record per target and session for a subject whose
// credentials do not work: nothing else was asked.
func (r *runner) failed(id identity.Identity) []access.AccessCheck {
	in := &access.Inputs{Principal: access.Principal{Profile: id.Profile, ARN: id.ARN}, Credentials: credentialsCheck(id), Now: r.d.now()}
	var out []access.AccessCheck
	for _, sp := range r.o.specs {
		for _, s := range r.o.sessions {
			rec := access.Decide(in, access.TargetState{Spec: sp.Raw}, access.DocFor(s), nil, access.Options{})
			rec.Code = exitcode.Worst(rec.Code, id.Code)
			out = append(out, rec)
		}
	}
	return out
}
