package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// ExternalID is an identifier an external IdP (SCIM) gave an Identity Store user or group.
type ExternalID struct {
	Issuer string `json:"Issuer"`
	ID     string `json:"Id"`
}

type requestKey struct{}

// withRequest remembers the classified call for ModifyResponse.
func withRequest(r *http.Request, req request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), requestKey{}, req))
}

// enterpriseExtension is the only identity store extension: the SCIM enterprise attributes.
const enterpriseExtension = "aws:identitystore:enterprise"

// addExternalIDs fills ExternalIds into identity store answers: moto cannot store them
// (only SCIM provisioning sets them in AWS), but tools use them to tell IdP-managed groups.
// Users also get the enterprise extension's attributes when the request asked for them.
func (g *Gateway) addExternalIDs(resp *http.Response) error {
	req, _ := resp.Request.Context().Value(requestKey{}).(request)
	ids := g.opts.World.ExternalIDs
	var enterprise map[string]map[string]any
	if ic := g.opts.World.IdentityCenter; ic != nil && req.Enterprise {
		enterprise = ic.Enterprise
	}
	if req.Service != "identitystore" || len(ids)+len(enterprise) == 0 || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" {
		return nil
	}
	var list, idField string
	switch req.Operation {
	case "DescribeUser":
		idField = "UserId"
	case "DescribeGroup":
		idField = "GroupId"
	case "ListUsers":
		list, idField = "Users", "UserId"
	case "ListGroups":
		list, idField = "Groups", "GroupId"
	default:
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) == nil {
		items := []any{doc}
		if list != "" {
			items, _ = doc[list].([]any)
		}
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				if ext := ids[asString(m[idField])]; len(ext) > 0 {
					m["ExternalIds"] = ext
				}
				if attrs := enterprise[asString(m[idField])]; idField == "UserId" && attrs != nil {
					m["Extensions"] = map[string]any{enterpriseExtension: attrs}
				}
			}
		}
		if patched, err := json.Marshal(doc); err == nil {
			body = patched
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}
