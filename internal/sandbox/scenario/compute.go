package scenario

// VPC is a VPC with its subnets, gateways, route tables, endpoints and security groups.
type VPC struct {
	Name string `yaml:"name"`
	// Region defaults to the account's; the VPC's subnets and instances live there.
	Region          string          `yaml:"region"`
	CIDR            string          `yaml:"cidr"`
	InternetGateway bool            `yaml:"internetGateway"`
	Subnets         []Subnet        `yaml:"subnets"`
	NATGateways     []NATGateway    `yaml:"natGateways"`
	RouteTables     []RouteTable    `yaml:"routeTables"`
	SecurityGroups  []SecurityGroup `yaml:"securityGroups"`
	Endpoints       []Endpoint      `yaml:"endpoints"`
	NetworkACLs     []NetworkACL    `yaml:"networkAcls"`
}

// Subnet is a subnet; RouteTable names the table it is associated with.
type Subnet struct {
	Name             string `yaml:"name"`
	CIDR             string `yaml:"cidr"`
	AvailabilityZone string `yaml:"availabilityZone"`
	RouteTable       string `yaml:"routeTable"`
	NetworkACL       string `yaml:"networkAcl"`
	// MapPublicIPOnLaunch gives the subnet's instances a public IP, as a
	// public subnet usually does (ec2 ModifySubnetAttribute).
	MapPublicIPOnLaunch bool `yaml:"mapPublicIpOnLaunch"`
}

// NATGateway lives in a (public) subnet.
type NATGateway struct {
	Name   string `yaml:"name"`
	Subnet string `yaml:"subnet"`
}

// RouteTable is a route table with its routes.
type RouteTable struct {
	Name   string  `yaml:"name"`
	Routes []Route `yaml:"routes"`
}

// Route sends a destination to the internet gateway or a NAT gateway (by name).
type Route struct {
	Destination     string `yaml:"destination"`
	InternetGateway bool   `yaml:"internetGateway"`
	NATGateway      string `yaml:"natGateway"`
}

// SecurityGroup is a security group; rules replace the default allow-all egress.
type SecurityGroup struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Ingress     []Rule `yaml:"ingress"`
	Egress      []Rule `yaml:"egress"`
}

// Rule is a security group or network ACL rule.
type Rule struct {
	Protocol      string `yaml:"protocol"`
	FromPort      int32  `yaml:"fromPort"`
	ToPort        int32  `yaml:"toPort"`
	CIDR          string `yaml:"cidr"`
	SecurityGroup string `yaml:"securityGroup"`
	// Number and Action are for network ACL rules only.
	Number int32  `yaml:"number"`
	Action string `yaml:"action"`
}

// NetworkACL is a network ACL with explicit rules.
type NetworkACL struct {
	Name    string `yaml:"name"`
	Ingress []Rule `yaml:"ingress"`
	Egress  []Rule `yaml:"egress"`
}

// Endpoint is an interface (or gateway, for s3) VPC endpoint; Service is the short name (ssm, ssmmessages, ...).
type Endpoint struct {
	Service        string   `yaml:"service"`
	Type           string   `yaml:"type"`
	Subnets        []string `yaml:"subnets"`
	SecurityGroups []string `yaml:"securityGroups"`
	RouteTables    []string `yaml:"routeTables"`
	PrivateDNS     *bool    `yaml:"privateDns"`
	Policy         Document `yaml:"policy"`
}

// Instance is an EC2 instance and, when SSM is set, its Systems Manager state.
type Instance struct {
	Name            string            `yaml:"name"`
	Subnet          string            `yaml:"subnet"`
	InstanceType    string            `yaml:"instanceType"`
	Platform        string            `yaml:"platform"`
	ImageID         string            `yaml:"imageId"`
	InstanceProfile string            `yaml:"instanceProfile"`
	SecurityGroups  []string          `yaml:"securityGroups"`
	State           string            `yaml:"state"`
	Tags            map[string]string `yaml:"tags"`
	SSM             *SSMState         `yaml:"ssm"`
}

// SSMState is what SSM reports about a managed node.
type SSMState struct {
	PingStatus       string `yaml:"pingStatus"`
	AgentVersion     string `yaml:"agentVersion"`
	IsLatestVersion  *bool  `yaml:"isLatestVersion"`
	LastPing         string `yaml:"lastPing"`
	PlatformName     string `yaml:"platformName"`
	PlatformVersion  string `yaml:"platformVersion"`
	ComputerName     string `yaml:"computerName"`
	IPAddress        string `yaml:"ipAddress"`
	Connection       string `yaml:"connection"`
	AssociationState string `yaml:"associationStatus"`
	// SourceRole is the role SSM reports the node registered with (DHMC or the instance profile role).
	SourceRole string `yaml:"sourceRole"`
}

// ManagedNode is a hybrid (mi-) node registered through an activation.
type ManagedNode struct {
	ID               string            `yaml:"id"`
	Region           string            `yaml:"region"`
	Name             string            `yaml:"name"`
	IAMRole          string            `yaml:"iamRole"`
	ActivationID     string            `yaml:"activationId"`
	RegistrationDate string            `yaml:"registrationDate"`
	Tags             map[string]string `yaml:"tags"`
	SSM              SSMState          `yaml:"ssm"`
}
