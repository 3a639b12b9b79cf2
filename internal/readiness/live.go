package readiness

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/target"
)

// Sources are the live readers of one account and region. Every read is
// memoised by its reader, so each role, key, VPC and setting is read once
// however many targets share it.
type Sources struct {
	Reader  *gather.Reader  // roles, instance profiles, SCPs, the key, the preferences
	Network *gather.Network // one pass per VPC
	Account *gather.Account // service settings, the log group, the bucket
	// Connection asks ssm:GetConnectionStatus; nil skips it (fleet mode).
	Connection func(ctx context.Context, id string) (string, error)
}

// Assessor runs the target checks over resolved targets.
type Assessor struct {
	Sources
	AccountID, Region string
	Profile           string
	Agent             AgentInput
	ExpectTags        map[string]string
	Now               time.Time
	// Concurrency bounds the targets assessed at once (default 8).
	Concurrency int
	// Done is called after each target (a progress bar); may be nil.
	Done func()

	once    sync.Once
	acct    accountState
	acctRec Readiness
}

// accountState is what every target of the account and region shares.
type accountState struct {
	prefs    gather.Preferences
	prefsErr error
	dhmc     DHMC
	tier     string
	org      *gather.OrgPolicies
	orgErr   error
	key      gather.Key
	keyErr   error
	group    LogGroup
	bucket   Bucket
	// the failed reads behind unknown checks, for their permission
	dhmcErr, tierErr, groupErr, bucketErr error
}

// AccountRecord is the account-wide record the targets reference: the
// preferences, DHMC and the activation tier, read once.
func (a *Assessor) AccountRecord(ctx context.Context) Readiness {
	a.once.Do(func() { a.readAccount(ctx) })
	return a.acctRec
}

func (a *Assessor) ref() TargetRef {
	return TargetRef{Account: a.AccountID, Region: a.Region, Profile: a.Profile}
}

// accountRef names the account record a target record refers to.
func (a *Assessor) accountRef() string { return "account/" + a.AccountID + "/" + a.Region }

func (a *Assessor) readAccount(ctx context.Context) {
	s := &a.acct
	var wg sync.WaitGroup
	run := func(fn func()) { wg.Add(1); go func() { defer wg.Done(); fn() }() }
	run(func() { s.prefs, s.prefsErr = a.Reader.Preferences(ctx) })
	run(func() {
		v, err := a.Account.Setting(ctx, gather.SettingDHMC)
		switch {
		case err == nil && v == "":
			s.dhmc.Setting = "$None"
		case gather.IsNotFound(err):
			s.dhmc.Setting = "$None"
		case err != nil:
			s.dhmc.Unreadable, s.dhmcErr = check.Why(err), err
		default:
			s.dhmc.Setting = v
		}
	})
	run(func() {
		v, err := a.Account.Setting(ctx, gather.SettingActivationTier)
		switch {
		case gather.IsNotFound(err):
			s.tier = "standard"
		case err == nil:
			s.tier = v
		default:
			s.tierErr = err
		}
	})
	run(func() {
		org, err := a.Reader.OrgPolicies(ctx, a.AccountID)
		if err == nil {
			s.org = &org
		}
		s.orgErr = err
	})
	wg.Wait()
	if s.prefsErr == nil {
		p := s.prefs
		if p.KMSKeyID != "" {
			run(func() { s.key, s.keyErr = a.Reader.Key(ctx, p.KMSKeyID) })
		}
		if p.CloudWatchLogGroupName != "" {
			run(func() {
				g, err := a.Account.LogGroup(ctx, p.CloudWatchLogGroupName)
				s.group = LogGroup{Name: g.Name, Exists: g.Exists, KMSKeyID: g.KMSKeyID}
				if err != nil {
					s.group.Unreadable, s.groupErr = check.Why(err), err
				}
			})
		}
		if p.S3BucketName != "" {
			run(func() {
				b, err := a.Account.Bucket(ctx, p.S3BucketName)
				s.bucket = Bucket{Name: b.Name, Exists: b.Exists, Encrypted: b.Encrypted}
				if err != nil {
					s.bucket.Unreadable, s.bucketErr = check.Why(err), err
				}
			})
		}
	}
	if s.dhmc.On() {
		run(func() {
			r := a.role(ctx, s.dhmc.Setting)
			s.dhmc.Role = &r
		})
	}
	wg.Wait()
	a.acctRec = NewReadiness(ScopeAccount, a.ref(), a.accountChecks())
}

func (a *Assessor) accountChecks() []Check {
	s := &a.acct
	var out []Check
	if s.prefsErr != nil {
		out = append(out, check.FromError("account.preferences", "Session Manager preferences", s.prefsErr))
	} else {
		out = append(out, CheckPreferences(prefsOf(s.prefs, ""), a.Region))
	}
	d := Check{ID: "account.dhmc", Title: "Default Host Management Configuration", Status: Pass}
	switch {
	case s.dhmc.Setting == "":
		d = check.FromError(d.ID, d.Title, s.dhmcErr)
		d.Reason = "the DHMC setting could not be read: " + d.Reason
	case s.dhmc.On():
		d.Reason, d.Evidence = "on, with role "+s.dhmc.Setting, map[string]string{"role": s.dhmc.Setting}
	default:
		d.Reason = "off: instances need an instance profile"
	}
	out = append(out, d)
	t := Check{ID: "account.activation-tier", Title: "Managed-instance activation tier", Status: Pass, Reason: s.tier + " tier"}
	if s.tier == "" && s.tierErr != nil {
		t = check.FromError(t.ID, t.Title, s.tierErr)
		t.Reason = "the activation tier could not be read: " + t.Reason
	}
	out = append(out, t)
	scp := Check{ID: "account.scps", Title: "Service control policies", Status: Pass}
	switch {
	case s.orgErr != nil:
		scp = check.FromError(scp.ID, scp.Title, s.orgErr)
		scp.Status = Warn // the roles are still judged, without the SCPs
		scp.Reason = "the roles are judged without SCPs: " + scp.Reason
	case s.org.NoOrganization:
		scp.Reason = "the account is in no organization"
	case s.org.Management:
		scp.Reason = "the management account: SCPs do not apply"
	default:
		scp.Reason = "SCPs over " + strings.Join(s.org.Levels, " > ") + " are part of every role's evaluation"
	}
	return append(out, scp)
}

// role reads a role (by name, path or ARN) with the account's SCPs.
func (a *Assessor) role(ctx context.Context, nameOrARN string) Role {
	p, err := a.Reader.Role(ctx, roleName(nameOrARN)) // "service-role/NAME" (DHMC) is a path and a name
	if err != nil {
		return Role{ARN: nameOrARN, Name: roleName(nameOrARN), Unreadable: check.Why(err), Err: err}
	}
	return roleOf(p, a.acct.org)
}

// Assess checks every target, at most Concurrency at once, in order.
func (a *Assessor) Assess(ctx context.Context, ts []target.Target) []Readiness {
	a.AccountRecord(ctx)
	out := make([]Readiness, len(ts))
	n := a.Concurrency
	if n <= 0 {
		n = gather.DefaultConcurrency
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(n, len(ts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				out[i] = a.one(ctx, ts[i])
				if a.Done != nil {
					a.Done()
				}
			}
		}()
	}
	for i := range ts {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// one is one target's record.
func (a *Assessor) one(ctx context.Context, t target.Target) Readiness {
	s := &a.acct
	n := nodeOf(t)
	ref := TargetRef{ID: t.ID, Name: t.Name, Account: a.AccountID, Region: a.Region, Profile: a.Profile}
	platform := ""
	if t.Node != nil {
		platform = t.Node.PlatformType
	} else if strings.Contains(t.Platform, "Windows") {
		platform = "Windows"
	}
	prefs := prefsOf(s.prefs, platform)

	if a.Connection != nil && t.Node != nil && t.Node.PingStatus == "Online" {
		if st, err := a.Connection(ctx, t.ID); err == nil {
			n.Connection = st
		}
	}
	var checks []Check
	checks = append(checks, CheckInstance(n))
	if t.NodeErr != nil {
		checks = append(checks, check.FromError("managed", "Managed node online", t.NodeErr),
			check.FromError("agent", "SSM Agent version", t.NodeErr))
	} else {
		checks = append(checks, CheckManaged(n, a.Now),
			CheckAgent(n, AgentInput{Needed: append(append([]Feature(nil), a.Agent.Needed...), prefs.Features()...), Floor: a.Agent.Floor}))
	}

	// The agent's identity: the instance profile's role, a hybrid node's
	// service role, else DHMC's.
	in := IdentityInput{Account: a.AccountID, TargetARN: t.ARN(), ProfileARN: t.InstanceProfileARN, DHMC: s.dhmc, Now: a.Now}
	var agentRole *Role
	switch {
	case t.InstanceProfileARN != "":
		ref, err := a.Reader.InstanceProfileRole(ctx, t.InstanceProfileARN)
		r := Role{ARN: t.InstanceProfileARN, Name: roleName(t.InstanceProfileARN)}
		if err != nil {
			r.Unreadable, r.Err = check.Why(err), err
		} else {
			r = a.role(ctx, ref.Name)
		}
		agentRole = &r
	case t.IsManagedInstance() && t.Node != nil && t.Node.IAMRole != "":
		r := a.role(ctx, t.Node.IAMRole)
		agentRole = &r
	case t.IsManagedInstance():
		agentRole = nil
	case s.dhmc.On():
		agentRole = s.dhmc.Role
	}
	in.Profile = agentRole
	if t.InstanceProfileARN == "" && !t.IsManagedInstance() {
		in.Profile = nil
	}
	checks = append(checks, withPermission(CheckAgentIdentity(n, in), roleErr(in.Profile), s.dhmcErr, roleErr(s.dhmc.Role)))
	checks = append(checks, a.network(ctx, t, prefs))

	if s.prefsErr != nil {
		for _, id := range [][2]string{{"session-kms", "Session encryption key"}, {"session-logging", "Session logging destinations"}, {"session-run-as", "Run As"}} {
			checks = append(checks, check.FromError(id[0], id[1], s.prefsErr))
		}
	} else {
		si := SessionInput{Prefs: prefs, Role: agentRole, Region: a.Region, Account: a.AccountID, Platform: platform,
			KeyARN: s.key.ARN, KeyPolicy: s.key.Policy, LogGroup: s.group, Bucket: s.bucket, Now: a.Now}
		switch {
		case s.keyErr != nil:
			si.KeyUnreadable = check.Why(s.keyErr)
		case s.key.PolicyErr != nil:
			si.KeyUnreadable = check.Why(s.key.PolicyErr)
		}
		checks = append(checks, withPermission(CheckSessionKMS(si), s.keyErr, s.key.PolicyErr, roleErr(agentRole)), withPermission(CheckSessionLogging(si), s.groupErr, s.bucketErr, roleErr(agentRole)), CheckRunAs(prefs, platform))
	}
	checks = append(checks, withPermission(CheckHybridTier(n, s.tier, a.AccountID), s.tierErr))
	if t.TagsErr != nil && len(a.ExpectTags) > 0 {
		checks = append(checks, check.FromError("expect-tag", "Expected tags", t.TagsErr))
	} else {
		checks = append(checks, CheckExpectTags(n, t.Tags, a.ExpectTags))
	}
	r := NewReadiness(ScopeTarget, ref, checks)
	r.AccountRef = a.accountRef()
	return r
}

func roleErr(r *Role) error {
	if r == nil {
		return nil
	}
	return r.Err
}

// withPermission names the permission on an unknown check whose read AWS refused.
func withPermission(c Check, errs ...error) Check {
	if c.Status != Unknown || c.Permission != "" {
		return c
	}
	for _, err := range errs {
		if err != nil {
			f := check.FromError(c.ID, c.Title, err)
			c.Permission, c.Class = f.Permission, f.Class
			return c
		}
	}
	return c
}

// network is the network check of one target: a hybrid node's network is
// not in AWS's API; an instance's VPC is read once for all its instances.
func (a *Assessor) network(ctx context.Context, t target.Target, prefs Preferences) Check {
	const id, title = "network", "Network path to the endpoints"
	switch {
	case t.IsManagedInstance():
		return check.New(id, title, Skip, "a hybrid node: its network is outside AWS's API (it needs HTTPS to the ssm, ec2messages and ssmmessages endpoints)")
	case t.VPCID == "" || t.SubnetID == "":
		return check.New(id, title, Skip, "no VPC or subnet (the instance is "+t.State+")")
	}
	v, err := a.Network.VPC(ctx, t.VPCID)
	if err != nil {
		return check.FromError(id, title, err)
	}
	inst := NetInstance{SubnetID: t.SubnetID, PrivateIP: t.PrivateIP, PublicIP: t.PublicIP, SecurityGroupIDs: t.SecurityGroups}
	services := append(CoreServices(), prefs.Services()...)
	return CheckNetwork(AnalyzePaths(a.Region, inst, VPCNetwork(v), services))
}

// Missing is the record of a target spec that matched nothing, or whose
// lookup failed (err set: unknown, naming the permission).
func (a *Assessor) Missing(spec string, err error) Readiness {
	ref := TargetRef{ID: spec, Account: a.AccountID, Region: a.Region, Profile: a.Profile}
	c := check.New("instance", "Instance exists and runs", Fail, "no instance or managed node matches "+spec+" in account "+a.AccountID+", "+a.Region)
	c.Fixes = fixes("check the target, the profile's account (--profile) and the region (--region)")
	if err != nil {
		c = check.FromError("instance", "Instance exists and runs", err)
	}
	return NewReadiness(ScopeTarget, ref, []Check{c})
}
