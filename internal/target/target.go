package target

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// ResourceManagedInstance is the SSM resource type of hybrid (mi-) nodes;
// EC2 instances are ResourceEC2Instance.
const (
	ResourceManagedInstance = "ManagedInstance"
	ResourceEC2Instance     = "EC2Instance"
)

// Target is one instance or managed node, as both live tools need it.
// JSON-friendly: records embed parts of it.
type Target struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	AccountID string `json:"accountId"`
	Region    string `json:"region"`
	Partition string `json:"partition"`
	// Platform is the EC2 platform (Linux/UNIX, Windows) or the node's platform type.
	Platform string `json:"platform,omitempty"`
	// State is the EC2 instance state (running, stopped, ...); empty for mi- nodes.
	State string            `json:"state,omitempty"`
	Tags  map[string]string `json:"tags,omitempty"`

	VPCID          string   `json:"vpcId,omitempty"`
	SubnetID       string   `json:"subnetId,omitempty"`
	SecurityGroups []string `json:"securityGroups,omitempty"`
	PrivateIP      string   `json:"privateIp,omitempty"`
	PrivateDNS     string   `json:"privateDns,omitempty"`
	PublicIP       string   `json:"publicIp,omitempty"`
	PublicDNS      string   `json:"publicDns,omitempty"`
	// InstanceProfileARN is the EC2 instance profile; the role is gather's to find.
	InstanceProfileARN string `json:"instanceProfileArn,omitempty"`
	// IMDSHttpTokens is "required" (IMDSv2 only) or "optional".
	IMDSHttpTokens string `json:"imdsHttpTokens,omitempty"`

	// Node is the SSM view; nil when the target is not a managed node, or
	// when NodeErr says it could not be read.
	Node    *Node `json:"ssm,omitempty"`
	NodeErr error `json:"-"`
	// TagsErr is set when a managed node's tags could not be read.
	TagsErr error `json:"-"`
}

// Node is what Systems Manager knows of a managed node
// (ssm:DescribeInstanceInformation).
type Node struct {
	PingStatus       string     `json:"pingStatus"`
	LastPingAt       *time.Time `json:"lastPingAt,omitempty"`
	AgentVersion     string     `json:"agentVersion,omitempty"`
	IsLatestVersion  *bool      `json:"isLatestVersion,omitempty"`
	PlatformType     string     `json:"platformType,omitempty"`
	PlatformName     string     `json:"platformName,omitempty"`
	PlatformVersion  string     `json:"platformVersion,omitempty"`
	IAMRole          string     `json:"iamRole,omitempty"`
	ResourceType     string     `json:"resourceType,omitempty"`
	ActivationID     string     `json:"activationId,omitempty"`
	RegistrationDate *time.Time `json:"registrationDate,omitempty"`
	ComputerName     string     `json:"computerName,omitempty"`
	IPAddress        string     `json:"ipAddress,omitempty"`
	Name             string     `json:"name,omitempty"`
}

// ARN is the target's ARN as Session Manager authorizes it.
func (t Target) ARN() string {
	a, err := policy.TargetARN(t.Partition, t.Region, t.AccountID, t.ID)
	if err != nil {
		return ""
	}
	return a
}

// IsManagedInstance reports whether t is a hybrid (mi-) node.
func (t Target) IsManagedInstance() bool {
	return len(t.ID) > 3 && t.ID[:3] == "mi-"
}

// Label is "i-0abc (web-01)", or the id alone without a name.
func (t Target) Label() string {
	if t.Name == "" {
		return t.ID
	}
	return t.ID + " (" + t.Name + ")"
}
