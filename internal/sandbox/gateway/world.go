package gateway

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// World is the part of the scenario the gateway answers itself, with seeded identifiers.
type World struct {
	Region string
	// Nodes are SSM managed nodes (EC2 and hybrid) per account id.
	Nodes map[string][]Node
	// Settings are SSM service settings per account id.
	Settings map[string]scenario.ServiceSettings
	// Sessions are Session Manager sessions per account id.
	Sessions map[string][]scenario.Session
	Portal   Portal
	Simulate scenario.Simulate
	// Organization answers Organizations' account calls; nil when the scenario has none.
	Organization *Organization
	// Boundaries maps permission set ARN to its permissions boundary (moto cannot store them).
	Boundaries map[string]*scenario.PermissionBoundary
	// ExternalIDs maps identity store user and group ids to their SCIM external ids.
	ExternalIDs map[string][]ExternalID
}

// Node is one row of SSM DescribeInstanceInformation.
type Node struct {
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
