package gateway

import (
	"net/http"

	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
)

func policySummary(org *organization.Org, p *organization.Policy) map[string]any {
	return map[string]any{"Id": p.ID, "Arn": org.ARN(p.ID), "Name": p.Name, "Description": p.Description, "Type": p.Type, "AwsManaged": p.AWSManaged}
}

// policyFilter checks a Filter parameter; only SCPs and RCPs exist in the sandbox.
func policyFilter(f string) error {
	switch f {
	case organization.TypeSCP, organization.TypeRCP, "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2":
		return nil
	}
	return validation("filter", f, "Member must satisfy enum value set: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, CHATBOT_POLICY, DECLARATIVE_POLICY_EC2]")
}

func listPolicies(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		Filter string `json:"Filter"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := policyFilter(in.Filter); err != nil {
		return err
	}
	list := []map[string]any{}
	for _, p := range org.Policies(in.Filter) {
		list = append(list, policySummary(org, p))
	}
	return writeOrgList(w, r, &in.orgPaging, "Policies", list)
}

func describePolicy(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		ID string `json:"PolicyId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, ok := org.Policy(in.ID)
	if !ok {
		return awsError{400, "PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified."}
	}
	return writeJSON(w, map[string]any{"Policy": map[string]any{"PolicySummary": policySummary(org, p), "Content": p.Content}})
}

func listPoliciesForTarget(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		TargetID string `json:"TargetId"`
		Filter   string `json:"Filter"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := policyFilter(in.Filter); err != nil {
		return err
	}
	if org.Kind(in.TargetID) == "" {
		return awsError{400, "TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified."}
	}
	list := []map[string]any{}
	for _, p := range org.PoliciesFor(in.TargetID, in.Filter) {
		list = append(list, policySummary(org, p))
	}
	return writeOrgList(w, r, &in.orgPaging, "Policies", list)
}

func listTargetsForPolicy(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ID string `json:"PolicyId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, ok := org.Policy(in.ID); !ok {
		return awsError{400, "PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified."}
	}
	list := []map[string]string{}
	for _, t := range org.TargetsFor(in.ID) {
		list = append(list, map[string]string{"TargetId": t, "Arn": org.ARN(t), "Name": org.Name(t), "Type": org.Kind(t)})
	}
	return writeOrgList(w, r, &in.orgPaging, "Targets", list)
}

func listDelegatedAdministrators(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ServicePrincipal string `json:"ServicePrincipal"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	list := []map[string]any{}
	for _, id := range org.DelegatedAccounts() {
		match := in.ServicePrincipal == ""
		for _, s := range org.DelegatedServices(id) {
			match = match || s == in.ServicePrincipal
		}
		if match {
			a, _ := org.Account(id)
			m := accountJSON(org, a)
			m["DelegationEnabledDate"] = 1.6e9
			list = append(list, m)
		}
	}
	return writeOrgList(w, r, &in.orgPaging, "DelegatedAdministrators", list)
}

func listDelegatedServices(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		AccountID string `json:"AccountId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, ok := org.Account(in.AccountID); !ok {
		return awsError{400, "AccountNotFoundException", "You specified an account that doesn't exist."}
	}
	services := org.DelegatedServices(in.AccountID)
	if len(services) == 0 {
		return awsError{400, "AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization."}
	}
	list := []map[string]any{}
	for _, s := range services {
		list = append(list, map[string]any{"ServicePrincipal": s, "DelegationEnabledDate": 1.6e9})
	}
	return writeOrgList(w, r, &in.orgPaging, "DelegatedServices", list)
}

func listOrgTags(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ResourceID string `json:"ResourceId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, isPolicy := org.Policy(in.ResourceID); org.Kind(in.ResourceID) == "" && !isPolicy {
		return awsError{400, "TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified."}
	}
	return writeOrgList(w, r, &in.orgPaging, "Tags", []map[string]string{})
}
