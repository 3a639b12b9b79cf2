package gateway

import (
	"net/http"

	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
)

func unitJSON(org *organization.Org, id string) map[string]any {
	u, _ := org.Unit(id)
	return map[string]any{"Id": u.ID, "Name": u.Name, "Arn": org.ARN(id)}
}

// parentOf checks that a parent id names the root or an OU.
func parentOf(org *organization.Org, id string) error {
	if k := org.Kind(id); k != organization.KindRoot && k != organization.KindUnit {
		return awsError{400, "ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified."}
	}
	return nil
}

func listParents(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ChildID string `json:"ChildId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, ok := org.Parent(in.ChildID)
	if !ok {
		return awsError{400, "ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."}
	}
	return writeOrgList(w, r, &in.orgPaging, "Parents", []map[string]string{{"Id": p, "Type": org.Kind(p)}})
}

func listChildren(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ParentID  string `json:"ParentId"`
		ChildType string `json:"ChildType"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := parentOf(org, in.ParentID); err != nil {
		return err
	}
	if in.ChildType != organization.KindAccount && in.ChildType != organization.KindUnit {
		return validation("childType", in.ChildType, "Member must satisfy enum value set: [ACCOUNT, ORGANIZATIONAL_UNIT]")
	}
	list := []map[string]string{}
	for _, id := range org.Children(in.ParentID, in.ChildType) {
		list = append(list, map[string]string{"Id": id, "Type": in.ChildType})
	}
	return writeOrgList(w, r, &in.orgPaging, "Children", list)
}

func listUnitsForParent(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ParentID string `json:"ParentId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := parentOf(org, in.ParentID); err != nil {
		return err
	}
	list := []map[string]any{}
	for _, id := range org.Children(in.ParentID, organization.KindUnit) {
		list = append(list, unitJSON(org, id))
	}
	return writeOrgList(w, r, &in.orgPaging, "OrganizationalUnits", list)
}

func listAccountsForParent(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		orgPaging
		ParentID string `json:"ParentId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := parentOf(org, in.ParentID); err != nil {
		return err
	}
	list := []map[string]any{}
	for _, id := range org.Children(in.ParentID, organization.KindAccount) {
		a, _ := org.Account(id)
		list = append(list, accountJSON(org, a))
	}
	return writeOrgList(w, r, &in.orgPaging, "Accounts", list)
}

func describeUnit(_ *Gateway, w http.ResponseWriter, r *http.Request, org *organization.Org) error {
	var in struct {
		ID string `json:"OrganizationalUnitId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if org.Kind(in.ID) != organization.KindUnit {
		return awsError{400, "OrganizationalUnitNotFoundException", "We can't find an OU with the OrganizationalUnitId that you specified."}
	}
	return writeJSON(w, map[string]any{"OrganizationalUnit": unitJSON(org, in.ID)})
}
