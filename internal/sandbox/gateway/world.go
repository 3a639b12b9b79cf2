package gateway

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/authz"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// World is the part of the scenario the gateway answers itself, with seeded identifiers.
type World struct {
	// Region is where nodes, settings and sessions without a region of their own live.
	Region string
	// Nodes are SSM managed nodes (EC2 and hybrid) per account id.
	Nodes map[string][]Node
	// Settings are SSM service settings per SettingsKey(account, region); an entry keyed by
	// the account alone is the World region's.
	Settings map[string]scenario.ServiceSettings
	// Sessions are Session Manager sessions per account id.
	Sessions map[string][]scenario.Session
	Portal   Portal
	Simulate scenario.Simulate
	// Organization answers Organizations' read calls; nil when the scenario has none.
	Organization *organization.Org
	// IdentityCenter answers what moto lacks of Identity Center; nil without one.
	IdentityCenter *IdentityCenter
	// IAM authorizes every call but the SSO portal's; nil lets every call through, as
	// does Open (the scenario's `iam: open`), which still simulates with it.
	IAM  *authz.Authorizer
	Open bool
	// Boundaries maps permission set ARN to its permissions boundary (moto cannot store them).
	Boundaries map[string]*scenario.PermissionBoundary
	// ExternalIDs maps identity store user and group ids to their SCIM external ids.
	ExternalIDs map[string][]ExternalID
}

// SettingsKey keys World.Settings.
func SettingsKey(account, region string) string { return account + "/" + region }

// IdentityCenter is the instance's ABAC configuration, its users' identity store
// attributes and which permission sets are provisioned where.
type IdentityCenter struct {
	InstanceARN string
	// AccessControlAttributes is the ABAC configuration (key <- source).
	AccessControlAttributes []scenario.AccessControlAttribute
	// Enterprise maps an identity store user id to its enterprise-extension attributes.
	Enterprise map[string]map[string]any
	// Provisioned maps a permission set ARN to the accounts it is provisioned to, sorted.
	Provisioned map[string][]string
}

// Node is one row of SSM DescribeInstanceInformation.
type Node struct {
	// Region is where the node is managed; empty means the World's region.
	Region            string
	InstanceID        string
	Name              string
	ResourceType      string // EC2Instance or ManagedInstance
	PingStatus        string
	LastPing          time.Time
	AgentVersion      string
	IsLatestVersion   bool
	PlatformType      string
	PlatformName      string
	PlatformVersion   string
	ComputerName      string
	IPAddress         string
	IAMRole           string
	ActivationID      string
	RegistrationDate  time.Time
	AssociationStatus string
	SourceType        string
	// Connected answers GetConnectionStatus.
	Connected bool
	Tags      map[string]string
}

// Portal is the SSO portal's view: who holds which token and which roles they may use.
type Portal struct {
	// Tokens maps an SSO access token to the signed-in user.
	Tokens map[string]PortalSession
	// Accounts are the accounts the portal can list, by id.
	Accounts map[string]PortalAccount
	// Roles maps user -> account id -> permission set names assigned (directly or via groups).
	Roles map[string]map[string][]string
	// RoleARNs maps "account/permissionSet" to the AWSReservedSSO role ARN in that account.
	RoleARNs map[string]string
	// SessionHours is how long portal credentials last, per permission set (default 1h).
	SessionHours map[string]time.Duration
}

// PortalSession is a signed-in Identity Center user.
type PortalSession struct {
	User    string
	Expires time.Time
}

// PortalAccount is an account as the SSO portal lists it.
type PortalAccount struct {
	ID, Name, Email string
}

// regionOf is the region of something with an optional region of its own.
func (w *World) regionOf(region string) string {
	if region == "" {
		return w.Region
	}
	return region
}

// NodesIn returns an account's managed nodes in a region: SSM is regional.
func (w *World) NodesIn(account, region string) []Node {
	var out []Node
	for _, n := range w.Nodes[account] {
		if w.regionOf(n.Region) == region {
			out = append(out, n)
		}
	}
	return out
}

// SettingsIn returns an account's SSM service settings in a region.
func (w *World) SettingsIn(account, region string) scenario.ServiceSettings {
	if s, ok := w.Settings[SettingsKey(account, region)]; ok {
		return s
	}
	if region == w.Region {
		return w.Settings[account]
	}
	return scenario.ServiceSettings{}
}
