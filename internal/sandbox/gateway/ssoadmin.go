package gateway

import (
	"net/http"
	"slices"
)

// getPermissionsBoundary serves sso-admin:GetPermissionsBoundaryForPermissionSet, which moto
// lacks, from the scenario; a permission set without a boundary is ResourceNotFoundException.
func (g *Gateway) getPermissionsBoundary(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	var in struct {
		InstanceArn      string `json:"InstanceArn"`
		PermissionSetArn string `json:"PermissionSetArn"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b := g.opts.World.Boundaries[in.PermissionSetArn]
	if b == nil {
		return awsError{400, "ResourceNotFoundException", "Could not find a permissions boundary for permission set " + in.PermissionSetArn}
	}
	out := map[string]any{}
	if b.ManagedPolicyARN != "" {
		out["ManagedPolicyArn"] = b.ManagedPolicyARN
	}
	if c := b.CustomerManagedPolicy; c != nil {
		path := c.Path
		if path == "" {
			path = "/"
		}
		out["CustomerManagedPolicyReference"] = map[string]string{"Name": c.Name, "Path": path}
	}
	return writeJSON(w, map[string]any{"PermissionsBoundary": out})
}

// describeAccessControlAttributes answers the instance's ABAC configuration (moto lacks it).
func (g *Gateway) describeAccessControlAttributes(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	var in struct {
		InstanceArn string `json:"InstanceArn"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ic := g.opts.World.IdentityCenter
	if ic == nil || in.InstanceArn != ic.InstanceARN || len(ic.AccessControlAttributes) == 0 {
		return awsError{400, "ResourceNotFoundException", "Could not find an access control attribute configuration for instance " + in.InstanceArn}
	}
	attrs := make([]map[string]any, 0, len(ic.AccessControlAttributes))
	for _, a := range ic.AccessControlAttributes {
		attrs = append(attrs, map[string]any{"Key": a.Key, "Value": map[string]any{"Source": []string{a.Source}}})
	}
	return writeJSON(w, map[string]any{"Status": "ENABLED",
		"InstanceAccessControlAttributeConfiguration": map[string]any{"AccessControlAttributes": attrs}})
}

type provisionedInput struct {
	InstanceArn      string `json:"InstanceArn"`
	PermissionSetArn string `json:"PermissionSetArn"`
	AccountID        string `json:"AccountId"`
	MaxResults       *int   `json:"MaxResults"`
	NextToken        string `json:"NextToken"`
}

// provisioned decodes a provisioning listing's input and checks the instance.
func (g *Gateway) provisioned(r *http.Request) (*IdentityCenter, provisionedInput, int, error) {
	var in provisionedInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, in, 0, err
	}
	ic := g.opts.World.IdentityCenter
	if ic == nil || in.InstanceArn != ic.InstanceARN {
		return nil, in, 0, awsError{400, "ResourceNotFoundException", "Could not find instance " + in.InstanceArn}
	}
	size := 100
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 100 {
			return nil, in, 0, validation("maxResults", *in.MaxResults, "Member must have value between 1 and 100")
		}
		size = *in.MaxResults
	}
	return ic, in, size, nil
}

// listAccountsForProvisionedPermissionSet lists the accounts a permission set is
// provisioned to: every account with an assignment of it (moto always answers none).
func (g *Gateway) listAccountsForProvisionedPermissionSet(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	ic, in, size, err := g.provisioned(r)
	if err != nil {
		return err
	}
	accounts := ic.Provisioned[in.PermissionSetArn]
	start, end, next, err := page(in.NextToken, len(accounts), size)
	if err != nil {
		return err
	}
	out := map[string]any{"AccountIds": append([]string{}, accounts[start:end]...)}
	if next != "" {
		out["NextToken"] = next
	}
	return writeJSON(w, out)
}

// listPermissionSetsProvisionedToAccount lists the permission sets provisioned to an account.
func (g *Gateway) listPermissionSetsProvisionedToAccount(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	ic, in, size, err := g.provisioned(r)
	if err != nil {
		return err
	}
	var sets []string
	for ps, accounts := range ic.Provisioned {
		if slices.Contains(accounts, in.AccountID) {
			sets = append(sets, ps)
		}
	}
	slices.Sort(sets)
	start, end, next, err := page(in.NextToken, len(sets), size)
	if err != nil {
		return err
	}
	out := map[string]any{"PermissionSets": append([]string{}, sets[start:end]...)}
	if next != "" {
		out["NextToken"] = next
	}
	return writeJSON(w, out)
}
