// Package scenario describes a sandbox world: accounts, Identity Center, IAM, network,
// instances and their SSM state, KMS keys, Session Manager preferences and the local
// machine of the person at the keyboard. Scenarios are YAML files (see ../README.md).
package scenario

// Scenario is one sandbox world, as read from a YAML file.
type Scenario struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Region is the default region of every account and regional resource.
	Region string `yaml:"region"`
	// Regions lists every region the scenario uses (default: Region alone); a resource in a
	// region not listed is an error, so a typo cannot silently create a new region.
	Regions []string `yaml:"regions"`
	// IAM is "enforced" (default: the gateway authorizes every call as IAM would) or "open"
	// (every call reaches moto, which does not check IAM).
	IAM            string          `yaml:"iam"`
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
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Alias string `yaml:"alias"`
	Email string `yaml:"email"`
	// Region is where the account's regional resources live unless they name their own.
	Region             string              `yaml:"region"`
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
	// RegionalSettings are session preferences and service settings of regions other than Region.
	RegionalSettings []RegionalSettings `yaml:"regionalSettings"`
}

// RegionalSettings are one more region's Session Manager preferences and SSM service settings.
type RegionalSettings struct {
	Region             string              `yaml:"region"`
	SessionPreferences *SessionPreferences `yaml:"sessionPreferences"`
	ServiceSettings    ServiceSettings     `yaml:"serviceSettings"`
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

// Organization is the AWS organization: its management account, organizational units (every
// scenario account is a member, under the root unless a unit lists it) and its policies.
type Organization struct {
	ManagementAccount string    `yaml:"managementAccount"`
	Units             []OrgUnit `yaml:"units"`
	SCPs              []SCP     `yaml:"scps"`
	// RCPs are resource control policies; with any, the RCP policy type is enabled.
	RCPs []SCP `yaml:"rcps"`
	// DelegatedAdministrators may read the organization as the management account can.
	DelegatedAdministrators []DelegatedAdministrator `yaml:"delegatedAdministrators"`
	// WithoutFullAWSAccess names the OUs and accounts FullAWSAccess was detached from
	// (an allow-list SCP strategy); AWS attaches it to the root, every OU and every account.
	WithoutFullAWSAccess []string `yaml:"withoutFullAWSAccess"`
}

// OrgUnit is an organizational unit with the accounts and units directly in it.
type OrgUnit struct {
	Name     string    `yaml:"name"`
	Accounts []string  `yaml:"accounts"`
	Units    []OrgUnit `yaml:"units"`
}

// SCP is a service (or resource) control policy and where it is attached.
type SCP struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Document    Document `yaml:"document"`
	// Targets are `root` (the default), OU names or account ids.
	Targets []string `yaml:"targets"`
}

// DelegatedAdministrator is a member account registered to administer a service.
type DelegatedAdministrator struct {
	Account          string `yaml:"account"`
	ServicePrincipal string `yaml:"servicePrincipal"`
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
