package gateway

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/ssmkit/ssmkit/internal/sandbox/authz"
)

type simulateResultXML struct {
	XMLName xml.Name        `xml:"https://iam.amazonaws.com/doc/2010-05-08/ SimulatePrincipalPolicyResponse"`
	Results []evalResultXML `xml:"SimulatePrincipalPolicyResult>EvaluationResults>member"`
	Trunc   bool            `xml:"SimulatePrincipalPolicyResult>IsTruncated"`
	ReqID   string          `xml:"ResponseMetadata>RequestId"`
}

type evalResultXML struct {
	Action          string             `xml:"EvalActionName"`
	Resource        string             `xml:"EvalResourceName"`
	Decision        string             `xml:"EvalDecision"`
	Matched         []matchedXML       `xml:"MatchedStatements>member"`
	Missing         []string           `xml:"MissingContextValues>member"`
	Organizations   *orgDetailXML      `xml:"OrganizationsDecisionDetail,omitempty"`
	BoundaryDetails *boundaryDetailXML `xml:"PermissionsBoundaryDecisionDetail,omitempty"`
}

type matchedXML struct {
	ID   string `xml:"SourcePolicyId"`
	Type string `xml:"SourcePolicyType"`
}

type orgDetailXML struct {
	Allowed bool `xml:"AllowedByOrganizations"`
}

type boundaryDetailXML struct {
	Allowed bool `xml:"AllowedByPermissionsBoundary"`
}

// simulatePrincipalPolicy evaluates the source principal's policies with the IAM model (who
// may call it was decided like any other call); a scenario's canned decisions win for the
// pairs they match. With IAM open, the scenario's callers list decides who may call it.
func (g *Gateway) simulatePrincipalPolicy(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	source := req.Form.Get("PolicySourceArn")
	world := g.opts.World
	if world.IAM == nil || world.Open {
		allowed := false
		for _, c := range world.Simulate.Callers {
			allowed = allowed || (who.ARN != "" && glob(c, who.ARN))
		}
		if !allowed {
			return awsError{403, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: iam:SimulatePrincipalPolicy on resource: %s", cmp.Or(who.ARN, "anonymous"), source)}
		}
	}
	if source == "" {
		return awsError{400, "ValidationError", "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null"}
	}
	actions, resources := members(req.Form, "ActionNames"), members(req.Form, "ResourceArns")
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	out := simulateResultXML{ReqID: requestID()}
	for _, a := range actions {
		for _, res := range resources {
			d, err := g.simulateOne(r, req, source, a, res)
			if err != nil {
				return err
			}
			out.Results = append(out.Results, d)
		}
	}
	b, err := xml.Marshal(out)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/xml")
	_, err = w.Write(b)
	return err
}

// simulateOne answers one (action, resource) pair: a canned decision, else the IAM model's.
func (g *Gateway) simulateOne(r *http.Request, req request, source, action, resource string) (evalResultXML, error) {
	world := g.opts.World
	for _, dec := range world.Simulate.Decisions {
		if glob(cmp.Or(dec.Principal, "*"), source) && glob(cmp.Or(dec.Action, "*"), action) && glob(cmp.Or(dec.Resource, "*"), resource) {
			return evalResultXML{Action: action, Resource: resource, Decision: dec.Decision}, nil
		}
	}
	if world.IAM == nil {
		return evalResultXML{Action: action, Resource: resource, Decision: "implicitDeny"}, nil
	}
	evals, err := world.IAM.Simulate(r.Context(), authz.Simulation{Source: source, Actions: []string{action}, Resources: []string{resource},
		Context: contextEntries(req.Form), ResourcePolicy: req.Form.Get("ResourcePolicy")})
	if err != nil {
		return evalResultXML{}, awsError{400, "InvalidInput", err.Error()}
	}
	e := evals[0]
	x := evalResultXML{Action: e.Action, Resource: e.Resource, Decision: e.Decision, Missing: e.Missing}
	for _, m := range e.Matched {
		x.Matched = append(x.Matched, matchedXML{ID: m.PolicyID, Type: m.PolicyType})
	}
	if e.InOrgPolicy {
		x.Organizations = &orgDetailXML{Allowed: e.AllowedByOrganizations}
	}
	if e.HasBoundary {
		x.BoundaryDetails = &boundaryDetailXML{Allowed: e.AllowedByBoundary}
	}
	return x, nil
}

// contextEntries reads ContextEntries.member.N.ContextKeyName / ContextKeyValues.member.M.
func contextEntries(form map[string][]string) map[string][]string {
	out := map[string][]string{}
	for i := 1; ; i++ {
		prefix := fmt.Sprintf("ContextEntries.member.%d.", i)
		name := form[prefix+"ContextKeyName"]
		if len(name) == 0 {
			return out
		}
		out[name[0]] = members(form, prefix+"ContextKeyValues")
	}
}

// members reads a query-protocol list: Name.member.1, Name.member.2, ...
func members(form map[string][]string, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := form[fmt.Sprintf("%s.member.%d", name, i)]
		if !ok || len(v) == 0 {
			return out
		}
		out = append(out, v[0])
	}
}

// glob matches s against a pattern where * matches any run of characters (slashes included).
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	ok, _ := regexp.MatchString("^"+strings.Join(parts, ".*")+"$", s)
	return ok
}
