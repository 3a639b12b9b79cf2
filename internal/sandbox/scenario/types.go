// Package scenario describes a sandbox world: accounts, Identity Center, IAM, network,
// instances and their SSM state, KMS keys, Session Manager preferences and the local
// machine of the person at the keyboard. Scenarios are YAML files (see ../README.md).
package scenario

// Scenario is one sandbox world, as read from a YAML file.
type Scenario struct {
	Name           string          `yaml:"name"`
	Description    string          `yaml:"description"`
	Region         string          `yaml:"region"`
	Accounts       []Account       `yaml:"accounts"`
	Organization   *Organization   `yaml:"organization"`
	IdentityCenter *IdentityCenter `yaml:"identityCenter"`
	Simulate       Simulate        `yaml:"simulatePrincipalPolicy"`
	Local          Local           `yaml:"local"`
	Faults         []Fault         `yaml:"faults"`
	// Generate asks the seeder for extra synthetic instances (the fleet scenario).
	Generate *Generate `yaml:"generate"`
}

// Account is one AWS account and everything that lives in it.
type Account struct {
	ID                 string              `yaml:"id"`
	Name               string              `yaml:"name"`
	Alias              string              `yaml:"alias"`
	Email              string              `yaml:"email"`
	Roles              []Role              `yaml:"roles"`
	Users              []User              `yaml:"users"`
	Policies           []Policy            `yaml:"policies"`
	VPCs               []VPC               `yaml:"vpcs"`
	Instances          []Instance          `yaml:"instances"`
	ManagedNodes       []ManagedNode       `yaml:"managedNodes"`
	KMSKeys            []KMSKey            `yaml:"kmsKeys"`
	SessionPreferences *SessionPreferences `yaml:"sessionPreferences"`
	ServiceSettings    ServiceSettings     `yaml:"serviceSettings"`
	LogGroups          []LogGroup          `yaml:"logGroups"`
	Buckets            []Bucket            `yaml:"buckets"`
	Sessions           []Session           `yaml:"sessions"`
}

// Role is an IAM role; with InstanceProfile it also gets an instance profile of the same name.
type Role struct {
	Name                string              `yaml:"name"`
	Path                string              `yaml:"path"`
	Description         string              `yaml:"description"`
	TrustPolicy         Document            `yaml:"trustPolicy"`
	ManagedPolicies     []string            `yaml:"managedPolicies"`
	InlinePolicies      map[string]Document `yaml:"inlinePolicies"`
	PermissionsBoundary string              `yaml:"permissionsBoundary"`
	InstanceProfile     bool                `yaml:"instanceProfile"`
	MaxSessionDuration  int32               `yaml:"maxSessionDuration"`
	Tags                map[string]string   `yaml:"tags"`
}

// User is an IAM user; with AccessKey the seeder creates a key for the local credentials file.
type User struct {
	Name            string              `yaml:"name"`
	Path            string              `yaml:"path"`
	ManagedPolicies []string            `yaml:"managedPolicies"`
	InlinePolicies  map[string]Document `yaml:"inlinePolicies"`
	Tags            map[string]string   `yaml:"tags"`
}

// Policy is a customer-managed IAM policy.
type Policy struct {
	Name        string   `yaml:"name"`
	Path        string   `yaml:"path"`
	Description string   `yaml:"description"`
	Document    Document `yaml:"document"`
}

// Organization holds the management account and service control policies.
type Organization struct {
	ManagementAccount string `yaml:"managementAccount"`
	SCPs              []SCP  `yaml:"scps"`
}

// SCP is a service control policy attached to the organization root.
type SCP struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Document    Document `yaml:"document"`
}

// Simulate lists who may call iam:SimulatePrincipalPolicy and what it answers.
type Simulate struct {
	// Callers are principal ARNs (glob `*` allowed) that may call it; everyone else gets AccessDenied.
	Callers []string `yaml:"callers"`
	// Decisions answer matching (action, resource) pairs; anything else is implicitDeny.
	Decisions []SimulateDecision `yaml:"decisions"`
}

// SimulateDecision is one canned simulator answer.
type SimulateDecision struct {
	Principal string `yaml:"principal"`
	Action    string `yaml:"action"`
	Resource  string `yaml:"resource"`
	Decision  string `yaml:"decision"`
}

// Generate describes synthetic instances added by the seeder.
type Generate struct {
	Account   string   `yaml:"account"`
	Instances int      `yaml:"instances"`
	Subnets   []string `yaml:"subnets"`
	Profile   string   `yaml:"instanceProfile"`
}
