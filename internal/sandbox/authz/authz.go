// Package authz is the sandbox's model of IAM authorization for the calls tools make: it
// maps each operation to its IAM action and resources (Service Authorization Reference),
// gathers the caller's identity policies, permissions boundary, the SCPs of the caller's
// account, resource policies and request context, and decides with internal/policy, the
// project's evaluator. It is a model of AWS, not AWS: what the evaluator does not know,
// the sandbox does not enforce.
package authz

import (
	"context"
	"net/url"
	"time"

	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
)

// Outcomes of a decision, as the audit log records them.
const (
	Allowed    = "allowed"
	Denied     = "denied"
	Unmapped   = "unmapped"      // the sandbox does not know the operation's IAM action: denied
	NoAuth     = "no-permission" // the operation needs no IAM permission (GetCallerIdentity)
	BadCaller  = "invalid-token" // credentials IAM does not know
	ModelError = "model-error"   // the model could not read a policy: denied, the message says why
)

// Caller is who signed a call, as GetCallerIdentity names them.
type Caller struct {
	ARN, Account, UserID string
}

// Call is one request as the gateway classified it.
type Call struct {
	Service, Operation string
	// Region is the signing region: aws:RequestedRegion.
	Region string
	Caller Caller
	Params Params
	// SourceIP is the client's address: aws:SourceIp.
	SourceIP string
	Time     time.Time
}

// Params are a call's parameters: query-protocol form values, a JSON body's top-level
// fields, or a REST path and query string.
type Params struct {
	Form  url.Values
	JSON  map[string]any
	Path  string
	Query url.Values
}

// Get returns a string parameter, wherever the protocol put it.
func (p Params) Get(name string) string {
	if v := p.Form.Get(name); v != "" {
		return v
	}
	if s, ok := p.JSON[name].(string); ok {
		return s
	}
	return p.Query.Get(name)
}

// Decision is the answer for one call.
type Decision struct {
	Outcome string
	// Action is the IAM action the call needs; Resource the one refused (or the first).
	Action, Resource string
	// Message is AWS's wording of a refusal: "User: ... is not authorized to perform: ...".
	Message string
}

// IdentityCenter is what the model knows of the Identity Center instance: who owns it and
// the principal tags each user's role sessions carry (ABAC).
type IdentityCenter struct {
	Account, InstanceARN, IdentityStoreID string
	// SessionTags maps a user name to the tags of their AWSReservedSSO_* role sessions.
	SessionTags map[string]map[string]string
}

// Options configures an Authorizer.
type Options struct {
	Readers        Readers
	Org            *organization.Org
	IdentityCenter *IdentityCenter
	// Buckets maps each S3 bucket to where it lives: bucket ARNs name no account.
	Buckets map[string]Place
}

// Place is an account and region.
type Place struct {
	Account, Region string
}

// Authorizer decides calls. Policies are read and parsed once per principal and resource.
type Authorizer struct {
	opts   Options
	load   *loader
	scps   map[string]*policy.Policy
	keys   cache[*keyInfo]
	bucket cache[*policy.Policy]
}

// New returns an Authorizer; it parses the organization's policies now, so a bad SCP is
// reported when the sandbox starts.
func New(opts Options) (*Authorizer, error) {
	a := &Authorizer{opts: opts, load: &loader{readers: opts.Readers}, scps: map[string]*policy.Policy{}}
	if o := opts.Org; o != nil {
		for _, typ := range []string{organization.TypeSCP, organization.TypeRCP} {
			kind := policy.KindSCP
			if typ == organization.TypeRCP {
				kind = policy.KindRCP
			}
			for _, p := range o.Policies(typ) {
				parsed, err := policy.Parse(p.Name, kind, []byte(p.Content))
				if err != nil {
					return nil, err
				}
				a.scps[p.ID] = parsed
			}
		}
	}
	return a, nil
}

// levels returns the account's parsed organization policies of a type, per level.
func (a *Authorizer) levels(account, typ string) [][]*policy.Policy {
	if a.opts.Org == nil {
		return nil
	}
	var out [][]*policy.Policy
	for _, lvl := range a.opts.Org.Levels(account, typ) {
		ps := make([]*policy.Policy, 0, len(lvl))
		for _, p := range lvl {
			ps = append(ps, a.scps[p.ID])
		}
		out = append(out, ps)
	}
	return out
}

// Authorize decides a call as IAM would.
func (a *Authorizer) Authorize(ctx context.Context, c Call) Decision {
	r, ok := lookupRule(c.Service, c.Operation)
	if !ok {
		return Decision{Outcome: Unmapped, Action: iamPrefix(c.Service) + ":" + c.Operation,
			Message: "the sandbox has no IAM mapping for " + c.Service + ":" + c.Operation + " and refuses it rather than allow it unchecked: map it in internal/sandbox/authz"}
	}
	action := r.actionFor(c)
	if r.noAuth {
		return Decision{Outcome: NoAuth, Action: action}
	}
	p, ok := parseCaller(c.Caller)
	if !ok {
		return Decision{Outcome: BadCaller, Action: action}
	}
	res, err := r.resources(ctx, a, c)
	if err != nil {
		return Decision{Outcome: ModelError, Action: action, Message: err.Error()}
	}
	return a.decide(ctx, c, p, action, res)
}
