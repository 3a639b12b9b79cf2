package access

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/target"
)

// errFederated: a federated user's permissions are the session policy it was
// given (GetFederationToken), which no API returns.
var errFederated = errors.New("a federated user's permissions are the session policy it was started with, which AWS does not let anyone read")

// Source is where a principal's identity-side policies come from.
type Source struct {
	// Kind is "role", "user", "federated" (unreadable) or "" (the account
	// root: no policies to read).
	Kind string
	// Name is the role's or user's name or ARN.
	Name string
}

// Subject is one principal to check, as the command resolved it (the
// caller from runas and identity, or --as-role).
type Subject struct {
	Principal Principal
	// EvalARN, SessionName and UserID: see Inputs.
	EvalARN, SessionName, UserID string
	Policies                     Source
	// Tags are principal tags given on the command line (--principal-tag);
	// TagsGiven makes them the session's whole set.
	Tags      map[string]string
	TagsGiven bool
	// Session is true for role sessions, which may carry session tags
	// ssmkit cannot read.
	Session     bool
	Credentials check.Check
}

// Checker gathers a subject's inputs live and decides.
type Checker struct {
	Reader   *gather.Reader
	Resolver *target.Resolver
	Now      func() time.Time
	// Simulate asks AWS's simulator too; Lifecycle adds the lifecycle
	// warnings; Connection asks GetConnectionStatus per target.
	Simulate, Lifecycle, Connection bool
}

// Gather reads everything about the subject that does not depend on the
// target: its policies, the SCPs over its account, the preferences and the
// keys sessions of these kinds would use. Reads run in parallel.
func (c *Checker) Gather(ctx context.Context, s Subject, docs []SessionDoc) *Inputs {
	in := &Inputs{Principal: s.Principal, EvalARN: s.EvalARN, SessionName: s.SessionName, UserID: s.UserID,
		Partition: c.Resolver.Partition, Region: c.Resolver.Region, Now: c.Now(), Credentials: s.Credentials, Keys: map[string]KeyInfo{}}
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		switch s.Policies.Kind {
		case "role":
			in.Policies, in.PoliciesErr = c.Reader.Role(ctx, s.Policies.Name)
		case "user":
			in.Policies, in.PoliciesErr = c.Reader.User(ctx, s.Policies.Name)
		case "federated":
			in.PoliciesErr = errFederated
		}
	}()
	go func() {
		defer wg.Done()
		in.Orgs, in.OrgsErr = c.Reader.OrgPolicies(ctx, c.Resolver.AccountID)
	}()
	go func() {
		defer wg.Done()
		c.gatherKeys(ctx, in, docs)
	}()
	wg.Wait()
	in.PrincipalTags, in.TagsKnown = principalTags(in.Policies.Tags, s)
	return in
}

// principalTags are the tags a request of the subject carries: the role's or
// user's own, overridden by the session tags given; a role session's set is
// known only when the user gave its session tags.
func principalTags(own map[string]string, s Subject) (map[string]string, bool) {
	tags := map[string]string{}
	for k, v := range own {
		tags[k] = v
	}
	for k, v := range s.Tags {
		tags[k] = v
	}
	return tags, s.TagsGiven || !s.Session
}

// gatherKeys reads the preferences when a session may use KMS, then each
// key sessions would use, with its grants.
func (c *Checker) gatherKeys(ctx context.Context, in *Inputs, docs []SessionDoc) {
	keys := map[string]bool{}
	needPrefs := false
	for _, d := range docs {
		if d.Err != nil || !UsesKMS(d.SessionType) {
			continue
		}
		if d.KMSKeyID != "" {
			keys[d.KMSKeyID] = true
		} else {
			needPrefs = true
		}
	}
	if needPrefs {
		in.Preferences, in.PreferencesErr = c.Reader.Preferences(ctx)
		if in.PreferencesErr == nil && in.Preferences.KMSKeyID != "" {
			keys[in.Preferences.KMSKeyID] = true
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for id := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ki KeyInfo
			var grantsDone chan struct{}
			if !strings.Contains(id, "alias/") {
				// ListGrants takes a key id or ARN (not an alias): ask at once.
				grantsDone = make(chan struct{})
				go func() { defer close(grantsDone); ki.Grants, ki.GrantsErr = c.Reader.Grants(ctx, id) }()
			}
			k, err := c.Reader.Key(ctx, id)
			switch {
			case grantsDone != nil:
				<-grantsDone
			case err == nil:
				ki.Grants, ki.GrantsErr = c.Reader.Grants(ctx, k.ARN)
			}
			if err != nil {
				ki.Err = err
			} else {
				ki.Key = &k
			}
			mu.Lock()
			in.Keys[id] = ki
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// Documents reads what is not known of the sessions' documents: the session
// type (and key) of custom documents; AWS's own need no call.
func (c *Checker) Documents(ctx context.Context, sessions []Session) []SessionDoc {
	out := make([]SessionDoc, len(sessions))
	var wg sync.WaitGroup
	for i, s := range sessions {
		out[i] = DocFor(s)
		if out[i].SessionType != "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := c.Reader.Document(ctx, s.Document)
			out[i].SessionType, out[i].KMSKeyID, out[i].Err = d.SessionType, d.Inputs.KMSKeyID, err
		}()
	}
	wg.Wait()
	return out
}

// Check answers the subject for every target the specs name and every
// session, in spec, target and session order.
func (c *Checker) Check(ctx context.Context, s Subject, specs []target.Spec, sessions []Session) []AccessCheck {
	var (
		in     *Inputs
		docs   []SessionDoc
		states []TargetState
		wg     sync.WaitGroup
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		docs = c.Documents(ctx, sessions) // no call for AWS's own documents
		in = c.Gather(ctx, s, docs)
	}()
	// The targets' connection status depends only on the targets: asked
	// while the principal's policies are still being read, it costs the
	// pre-flight no round trip of its own.
	go func() {
		defer wg.Done()
		pre := c.prefetchConnections(ctx, specs)
		states = c.states(ctx, c.Resolver.Resolve(ctx, specs), pre)
	}()
	wg.Wait()

	type job struct {
		ts  TargetState
		doc SessionDoc
	}
	var jobs []job
	for _, ts := range states {
		for _, d := range docs {
			jobs = append(jobs, job{ts, d})
		}
	}
	out := make([]AccessCheck, len(jobs))
	sem := make(chan struct{}, gather.DefaultConcurrency)
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var sim *Simulated
			if c.Simulate && j.ts.Target != nil && in.PoliciesErr == nil && in.Credentials.Status == check.Pass {
				sim = c.simulate(ctx, in, j.ts.Target, j.doc.Session)
			}
			out[i] = Decide(in, j.ts, j.doc, sim, Options{ConnectionAsked: c.Connection, Lifecycle: c.Lifecycle})
		}()
	}
	wg.Wait()
	return out
}

// states turns matches into one state per target (or per spec that matched
// none), asking GetConnectionStatus for each running target when enabled.
func (c *Checker) states(ctx context.Context, matches []target.Match, pre *connections) []TargetState {
	var out []TargetState
	for _, m := range matches {
		base := TargetState{Spec: m.Spec.Raw, Account: c.Resolver.AccountID, Region: c.Resolver.Region}
		if m.Err != nil || len(m.Targets) == 0 {
			base.LookupErr, base.NotFound = m.Err, m.Err == nil
			out = append(out, base)
			continue
		}
		for _, t := range m.Targets {
			ts := base
			ts.Target = &t
			out = append(out, ts)
		}
	}
	if !c.Connection {
		return out
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, gather.DefaultConcurrency)
	for i := range out {
		t := out[i].Target
		if t == nil || t.Node == nil || t.Node.PingStatus != "Online" || (t.State != "" && t.State != "running") {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i].Connection, out[i].ConnectionErr = pre.connection(ctx, c, t.ID)
		}()
	}
	wg.Wait()
	return out
}

// simulate asks AWS's simulator the request that decides locally.
func (c *Checker) simulate(ctx context.Context, in *Inputs, t *target.Target, s Session) *Simulated {
	_, req, _ := in.startSession(t, s, nil)
	q := in.Simulation(req)
	if q == nil {
		return nil
	}
	res, err := c.Reader.Simulate(ctx, *q)
	return &Simulated{Results: res, Err: err}
}
