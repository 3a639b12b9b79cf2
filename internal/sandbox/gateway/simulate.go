package gateway

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

type simulateResultXML struct {
	XMLName xml.Name        `xml:"https://iam.amazonaws.com/doc/2010-05-08/ SimulatePrincipalPolicyResponse"`
	Results []evalResultXML `xml:"SimulatePrincipalPolicyResult>EvaluationResults>member"`
	Trunc   bool            `xml:"SimulatePrincipalPolicyResult>IsTruncated"`
	ReqID   string          `xml:"ResponseMetadata>RequestId"`
}

type evalResultXML struct {
	Action   string `xml:"EvalActionName"`
	Resource string `xml:"EvalResourceName"`
	Decision string `xml:"EvalDecision"`
}

// simulatePrincipalPolicy denies callers the scenario does not list, as AWS does for most
// SSO users; listed callers get the scenario's canned decisions (implicitDeny otherwise).
func (g *Gateway) simulatePrincipalPolicy(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	source := req.Form.Get("PolicySourceArn")
	sim := g.opts.World.Simulate
	allowed := false
	for _, c := range sim.Callers {
		allowed = allowed || (who.ARN != "" && glob(c, who.ARN))
	}
	if !allowed {
		return awsError{403, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: iam:SimulatePrincipalPolicy on resource: %s", cmp.Or(who.ARN, "anonymous"), source)}
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
			d := "implicitDeny"
			for _, dec := range sim.Decisions {
				if glob(cmp.Or(dec.Principal, "*"), source) && glob(cmp.Or(dec.Action, "*"), a) && glob(cmp.Or(dec.Resource, "*"), res) {
					d = dec.Decision
					break
				}
			}
			out.Results = append(out.Results, evalResultXML{Action: a, Resource: res, Decision: d})
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
