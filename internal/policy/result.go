package policy

// Decision is the outcome of an evaluation.
type Decision string

// The three decisions AWS can reach.
const (
	Allowed      Decision = "allowed"
	ImplicitDeny Decision = "implicit-deny"
	ExplicitDeny Decision = "explicit-deny"
)

// Request is what a principal asks to do.
type Request struct {
	Principal string     // ARN of the caller; empty evaluates identity policies alone
	Action    string     // service:Action, e.g. ssm:StartSession
	Resources []Resource // every one must be allowed
	Context   Context    // request-wide context keys
}

// Resource is one resource of a request with its own context keys, such
// as ssm:resourceTag/<key> for an instance.
type Resource struct {
	ARN     string  `json:"arn"`
	Context Context `json:"-"`
}

// Result explains a decision over all the resources of a request.
type Result struct {
	Decision           Decision         `json:"decision"`
	Resources          []ResourceResult `json:"resources"`
	MissingContextKeys []string         `json:"missingContextKeys"`
}

// Allowed reports whether every resource of the request is allowed.
func (r Result) Allowed() bool { return r.Decision == Allowed }

// ResourceResult is the decision for one resource and what made it.
type ResourceResult struct {
	ARN              string            `json:"arn"`
	Decision         Decision          `json:"decision"`
	Reason           string            `json:"reason"`
	Fix              string            `json:"fix,omitempty"` // what to change, printed never applied
	Matched          []Match           `json:"matched"`
	FailedConditions []FailedCondition `json:"failedConditions"`
}

// Match names a statement that decided: the denies of an explicit deny, the
// allows that granted access, or the allows found before a gap.
type Match struct {
	PolicyType Kind   `json:"policyType"`
	Policy     string `json:"policy"`
	Sid        string `json:"sid"`
	Index      int    `json:"index"`
	Effect     Effect `json:"effect"`
}

// FailedCondition is a condition that kept an otherwise matching Allow
// statement from applying.
type FailedCondition struct {
	PolicyType Kind     `json:"policyType"`
	Policy     string   `json:"policy"`
	Sid        string   `json:"sid"`
	Index      int      `json:"index"`
	Operator   string   `json:"operator"`
	Key        string   `json:"key"`
	Values     []string `json:"values"`
	Reason     string   `json:"reason"`
}
