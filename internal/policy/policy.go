// Package policy parses IAM policy documents and evaluates requests against
// them the way AWS does, across identity policies, permissions boundaries,
// session policies, resource-based policies (KMS key policies included),
// SCPs and RCPs, and explains every decision. It is pure: no I/O, no clock.
package policy

// Effect is a statement's Effect.
type Effect string

// The two effects a statement can have.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Kind is the role a policy plays in an evaluation; it decides which
// elements the policy may hold.
type Kind string

// The policy types AWS evaluates.
const (
	KindIdentity Kind = "identity"
	KindBoundary Kind = "boundary"
	KindSession  Kind = "session"
	KindResource Kind = "resource"
	KindSCP      Kind = "scp"
	KindRCP      Kind = "rcp"
)

// Version2012 is the policy language version that enables policy variables.
const Version2012 = "2012-10-17"

// Version2008 is the older policy language version (variables are plain text).
const Version2008 = "2008-10-17"

// Policy is a parsed, validated policy document.
type Policy struct {
	Name       string // how explanations name it: a file name or a position
	Kind       Kind
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one parsed statement.
type Statement struct {
	Sid    string
	Index  int // position in the policy, from 0
	Effect Effect

	actions    []pattern // lower-cased
	actionsRaw []string
	notAction  bool
	resources  []arnPattern
	notRes     bool
	principal  *principalElem
	notPrinc   bool
	conditions []Condition

	// Reasons, built once when parsed rather than on every evaluation.
	kind                Kind
	allowedBy, deniedBy string
}

// Conditions returns the statement's conditions, for explanations.
func (s *Statement) Conditions() []Condition { return s.conditions }

// Actions returns the Action (or, when not is true, NotAction) entries as written.
func (s *Statement) Actions() (list []string, not bool) { return s.actionsRaw, s.notAction }

// Resources returns the Resource (or, when not is true, NotResource) entries as written.
func (s *Statement) Resources() (list []string, not bool) {
	out := make([]string, len(s.resources))
	for i, r := range s.resources {
		out[i] = r.raw
	}
	return out, s.notRes
}

// principalElem is a Principal or NotPrincipal element.
type principalElem struct {
	any       bool // "*" or {"AWS": "*"}
	aws       []string
	service   []string
	federated []string
}

// Set holds every policy that applies to a request.
type Set struct {
	Identity   []*Policy   // identity-based: user, group, role, permission set
	Boundaries []*Policy   // the permissions boundary (AWS allows one)
	Session    []*Policy   // session policies, inline and managed
	Resource   *Policy     // the resource's policy: bucket policy, KMS key policy, ...
	SCPs       [][]*Policy // one list per level, organization root first
	RCPs       [][]*Policy // one list per level, organization root first
}
