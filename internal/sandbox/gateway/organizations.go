package gateway

import (
	"fmt"
	"net/http"
	"sort"
)

// Organization is the organization as Organizations' read calls report it. moto gives
// member accounts random ids, so the gateway answers these calls from the scenario.
type Organization struct {
	ID                string
	ManagementAccount string
	Accounts          []PortalAccount
}

// orgCaller checks the caller may read the organization: only the management account
// (delegated administrators are not modelled); others get AccessDeniedException as in AWS.
func (g *Gateway) orgCaller(who principal) (*Organization, error) {
	org := g.opts.World.Organization
	if org == nil {
		return nil, awsError{400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."}
	}
	if who.Account != org.ManagementAccount {
		return nil, awsError{400, "AccessDeniedException", "You don't have permissions to access this resource."}
	}
	return org, nil
}

func orgAccountJSON(org *Organization, a PortalAccount) map[string]any {
	joined := "INVITED"
	if a.ID == org.ManagementAccount {
		joined = "CREATED"
	}
	return map[string]any{"Id": a.ID, "Name": a.Name, "Email": a.Email, "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": joined,
		"Arn": fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", org.ManagementAccount, org.ID, a.ID), "JoinedTimestamp": 1.6e9}
}

// describeAccount answers organizations:DescribeAccount for the management account's callers.
func (g *Gateway) describeAccount(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	org, err := g.orgCaller(who)
	if err != nil {
		return err
	}
	var in struct {
		AccountID string `json:"AccountId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	for _, a := range org.Accounts {
		if a.ID == in.AccountID {
			return writeJSON(w, map[string]any{"Account": orgAccountJSON(org, a)})
		}
	}
	return awsError{400, "AccountNotFoundException", "You specified an account that doesn't exist."}
}

// listOrgAccounts answers organizations:ListAccounts (one page: scenarios are small).
func (g *Gateway) listOrgAccounts(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	org, err := g.orgCaller(who)
	if err != nil {
		return err
	}
	accounts := append([]PortalAccount(nil), org.Accounts...)
	sort.Slice(accounts, func(i, j int) bool { return accounts[i].ID < accounts[j].ID })
	list := make([]map[string]any, 0, len(accounts))
	for _, a := range accounts {
		list = append(list, orgAccountJSON(org, a))
	}
	return writeJSON(w, map[string]any{"Accounts": list})
}
