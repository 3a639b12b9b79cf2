package gateway

import (
	"net/http"
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
