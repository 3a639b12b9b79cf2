package gateway

import (
	"net/http"

	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
)

// orgHandler answers one Organizations read operation from the organization model
// (moto gives member accounts random ids and has no OUs to speak of).
type orgHandler func(g *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error

// organizationsOps are the read operations the gateway serves; memberOK marks those any
// member account may call (the rest need the management account or a delegated administrator).
var organizationsOps = map[string]struct {
	memberOK bool
	h        orgHandler
}{
	"DescribeOrganization":             {true, describeOrganization},
	"ListRoots":                        {false, listRoots},
	"ListAccounts":                     {false, listOrgAccounts},
	"DescribeAccount":                  {false, describeAccount},
	"ListParents":                      {false, listParents},
	"ListChildren":                     {false, listChildren},
	"ListOrganizationalUnitsForParent": {false, listUnitsForParent},
	"ListAccountsForParent":            {false, listAccountsForParent},
	"DescribeOrganizationalUnit":       {false, describeUnit},
	"ListPolicies":                     {false, listPolicies},
	"DescribePolicy":                   {false, describePolicy},
	"ListPoliciesForTarget":            {false, listPoliciesForTarget},
	"ListTargetsForPolicy":             {false, listTargetsForPolicy},
	"ListDelegatedAdministrators":      {false, listDelegatedAdministrators},
	"ListDelegatedServicesForAccount":  {false, listDelegatedServices},
	"ListTagsForResource":              {false, listOrgTags},
}

// organizations returns the handler of a served Organizations operation, or nil.
func (g *Gateway) organizations(op string) handler {
	o, ok := organizationsOps[op]
	if !ok {
		return nil
	}
	return func(w http.ResponseWriter, r *http.Request, req request, who principal) error {
		org := g.opts.World.Organization
		if org == nil || org.Kind(who.Account) != organization.KindAccount {
			return awsError{400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."}
		}
		if !o.memberOK && !org.CanRead(who.Account) {
			// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html: "can be called
			// only from the organization's management account or by a member account that is a delegated administrator".
			return awsError{400, "AccessDeniedException", "You don't have permissions to access this resource."}
		}
		return o.h(g, w, r, org)
	}
}

// orgPage returns the [start,end) window and next token of n items for MaxResults (1-20).
func orgPage(r *http.Request, in *orgPaging, n int) (int, int, string, error) {
	size := 20
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 20 {
			return 0, 0, "", awsError{400, "InvalidInputException", "You provided a value that does not match the required pattern: MaxResults must be between 1 and 20."}
		}
		size = *in.MaxResults
	}
	return page(in.NextToken, n, size)
}

// orgPaging is the paging input every Organizations list operation takes.
type orgPaging struct {
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

// writeOrgList writes one page of items under key, with NextToken when more follow.
func writeOrgList[T any](w http.ResponseWriter, r *http.Request, in *orgPaging, key string, items []T) error {
	start, end, next, err := orgPage(r, in, len(items))
	if err != nil {
		return err
	}
	out := map[string]any{key: items[start:end]}
	if next != "" {
		out["NextToken"] = next
	}
	return writeJSON(w, out)
}

func accountJSON(org *organization.Org, a organization.Account) map[string]any {
	joined := "INVITED"
	if a.ID == org.ManagementAccount {
		joined = "CREATED"
	}
	return map[string]any{"Id": a.ID, "Name": a.Name, "Email": a.Email, "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": joined,
		"Arn": org.ARN(a.ID), "JoinedTimestamp": 1.6e9}
}

func describeOrganization(_ *Gateway, w http.ResponseWriter, _ *http.Request, org *organization.Org) error {
	mgmt, _ := org.Account(org.ManagementAccount)
	return writeJSON(w, map[string]any{"Organization": map[string]any{"Id": org.ID, "FeatureSet": "ALL",
		"Arn":              "arn:aws:organizations::" + org.ManagementAccount + ":organization/" + org.ID,
		"MasterAccountArn": org.ARN(org.ManagementAccount), "MasterAccountId": org.ManagementAccount, "MasterAccountEmail": mgmt.Email,
		"AvailablePolicyTypes": policyTypes(org)}})
}

func policyTypes(org *organization.Org) []map[string]string {
	out := []map[string]string{}
	for _, t := range []string{organization.TypeSCP, organization.TypeRCP} {
		if org.Enabled(t) {
			out = append(out, map[string]string{"Type": t, "Status": "ENABLED"})
		}
	}
	return out
}

func listRoots(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in orgPaging
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	root := map[string]any{"Id": org.RootID, "Arn": org.ARN(org.RootID), "Name": "Root", "PolicyTypes": policyTypes(org)}
	return writeOrgList(w, r, &in, "Roots", []map[string]any{root})
}

func listOrgAccounts(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in orgPaging
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	list := make([]map[string]any, 0, len(org.Accounts))
	for _, a := range org.Accounts {
		list = append(list, accountJSON(org, a))
	}
	return writeOrgList(w, r, &in, "Accounts", list)
}

func describeAccount(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		AccountID string `json:"AccountId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, ok := org.Account(in.AccountID)
	if !ok {
		return awsError{400, "AccountNotFoundException", "You specified an account that doesn't exist."}
	}
	return writeJSON(w, map[string]any{"Account": accountJSON(org, a)})
}
