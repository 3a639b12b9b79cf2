package scenario

// IdentityCenter is the IAM Identity Center instance and its identity store.
type IdentityCenter struct {
	// Account owns the Identity Center instance (the management or delegated admin account).
	Account string `yaml:"account"`
	// Region is where Identity Center and the SSO portal live; defaults to the scenario region.
	Region         string          `yaml:"region"`
	StartURL       string          `yaml:"startUrl"`
	Users          []ICUser        `yaml:"users"`
	Groups         []ICGroup       `yaml:"groups"`
	PermissionSets []PermissionSet `yaml:"permissionSets"`
	Assignments    []Assignment    `yaml:"assignments"`
	// AccessControlAttributes is the instance's ABAC configuration: each key becomes a
	// session tag (aws:PrincipalTag/KEY) of the user's role sessions, its value taken from
	// the user attribute Source names, such as ${path:enterprise.costCenter}.
	AccessControlAttributes []AccessControlAttribute `yaml:"accessControlAttributes"`
}

// AccessControlAttribute maps a user attribute to a session tag.
type AccessControlAttribute struct {
	Key    string `yaml:"key"`
	Source string `yaml:"source"`
}

// ICUser is an Identity Center user; ExternalID marks a SCIM-provisioned user.
type ICUser struct {
	UserName    string      `yaml:"userName"`
	DisplayName string      `yaml:"displayName"`
	GivenName   string      `yaml:"givenName"`
	FamilyName  string      `yaml:"familyName"`
	Email       string      `yaml:"email"`
	ExternalID  *ExternalID `yaml:"externalId"`
	// Attributes are identity store attributes: the enterprise extension (costCenter,
	// department, division, organization, employeeNumber, manager) and title, userType,
	// nickName, locale, timezone, preferredLanguage.
	Attributes map[string]string `yaml:"attributes"`
	// SAMLAttributes are what an external IdP sends as
	// https://aws.amazon.com/SAML/Attributes/AccessControl:KEY: custom session tags, used
	// as they are unless the instance's configuration maps the same key.
	SAMLAttributes map[string]string `yaml:"samlAttributes"`
}

// ICGroup is an Identity Center group with its members (user names).
type ICGroup struct {
	Name        string      `yaml:"name"`
	Description string      `yaml:"description"`
	ExternalID  *ExternalID `yaml:"externalId"`
	Members     []string    `yaml:"members"`
}

// ExternalID is the identifier an external IdP (SailPoint, Okta, Entra) gave the entity.
type ExternalID struct {
	Issuer string `yaml:"issuer"`
	ID     string `yaml:"id"`
}

// PermissionSet is an Identity Center permission set.
type PermissionSet struct {
	Name                    string              `yaml:"name"`
	Description             string              `yaml:"description"`
	SessionDuration         string              `yaml:"sessionDuration"`
	InlinePolicy            Document            `yaml:"inlinePolicy"`
	ManagedPolicies         []string            `yaml:"managedPolicies"`
	CustomerManagedPolicies []PolicyRef         `yaml:"customerManagedPolicies"`
	PermissionsBoundary     *PermissionBoundary `yaml:"permissionsBoundary"`
	Tags                    map[string]string   `yaml:"tags"`
}

// PolicyRef names a customer-managed policy that must exist in each assigned account.
type PolicyRef struct {
	Name string `yaml:"name"`
	Path string `yaml:"path"`
}

// PermissionBoundary is either an AWS-managed policy ARN or a customer-managed reference.
type PermissionBoundary struct {
	ManagedPolicyARN      string     `yaml:"managedPolicyArn"`
	CustomerManagedPolicy *PolicyRef `yaml:"customerManagedPolicy"`
}

// Assignment gives a user or a group a permission set in an account.
type Assignment struct {
	Account       string `yaml:"account"`
	PermissionSet string `yaml:"permissionSet"`
	User          string `yaml:"user"`
	Group         string `yaml:"group"`
}

// RegionOr returns the Identity Center region, falling back to def.
func (ic *IdentityCenter) RegionOr(def string) string {
	if ic.Region != "" {
		return ic.Region
	}
	return def
}

// UserGroups returns the names of the groups the user belongs to.
func (ic *IdentityCenter) UserGroups(user string) []string {
	var out []string
	for _, g := range ic.Groups {
		for _, m := range g.Members {
			if m == user {
				out = append(out, g.Name)
				break
			}
		}
	}
	return out
}

// UserAssignments returns the assignments that apply to a user, directly or through groups.
func (ic *IdentityCenter) UserAssignments(user string) []Assignment {
	groups := map[string]bool{}
	for _, g := range ic.UserGroups(user) {
		groups[g] = true
	}
	var out []Assignment
	for _, a := range ic.Assignments {
		if a.User == user || (a.Group != "" && groups[a.Group]) {
			out = append(out, a)
		}
	}
	return out
}
