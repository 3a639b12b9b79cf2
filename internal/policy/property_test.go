package policy

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Pools the random cases draw from: real-looking statements, principals,
// actions and resources, including the awkward ones (NotAction,
// NotResource, variables, conditions on missing keys).
var (
	propStatements = []string{
		allowStart, denyStart, allowSSM, allowEC2, allowAll,
		`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`,
		`{"Effect":"Deny","Action":"*","NotResource":"arn:aws:ec2:*:*:instance/*"}`,
		`{"Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ssm:resourceTag/env":"prod"}}}`,
		`{"Effect":"Allow","Action":"ssm:*","Resource":"arn:aws:ssm:*:*:session/${aws:username}-*"}`,
		`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}`,
		`{"Effect":"Allow","Action":["kms:Decrypt","s3:GetObject"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`,
		`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket*"}`,
	}
	propResourceStatements = []string{
		`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`,
		`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`,
		`{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"*","Resource":"*"}`,
		`{"Effect":"Allow","Principal":{"AWS":"` + sessARN + `"},"Action":"*","Resource":"*"}`,
		`{"Effect":"Deny","NotPrincipal":{"AWS":"` + roleARN + `"},"Action":"s3:*","Resource":"*"}`,
		`{"Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"*","Resource":"*"}`,
	}
	propPrincipals = []string{userARN, roleARN, sessARN, ssoARN, "arn:aws:sts::111122223333:federated-user/bob",
		"arn:aws:iam::111122223333:root", "arn:aws:sts::444455556666:assumed-role/Ext/x", ""}
	propActions   = []string{"ssm:StartSession", "ssm:TerminateSession", "kms:Decrypt", "s3:GetObject", "iam:CreateUser", "ec2:DescribeInstances"}
	propResources = []string{instARN, docARN, keyARN, bucketARN + "/k", "arn:aws:ssm:us-east-1:111122223333:session/alice-1", "*",
		"arn:aws:kms:us-east-1:444455556666:key/k2"}
)

type propCase struct {
	identity []string
	boundary []string
	resource []string
	scp      []string
	req      Request
}

func randomCase(r *rand.Rand) propCase {
	pick := func(pool []string, max int) []string {
		var out []string
		seen := map[int]bool{}
		for i := r.IntN(max + 1); i > 0; i-- {
			if j := r.IntN(len(pool)); !seen[j] { // a policy cannot repeat a Sid
				seen[j] = true
				out = append(out, pool[j])
			}
		}
		return out
	}
	c := propCase{
		identity: pick(propStatements, 3),
		resource: pick(propResourceStatements, 2),
		req: Request{
			Principal: propPrincipals[r.IntN(len(propPrincipals))],
			Action:    propActions[r.IntN(len(propActions))],
			Resources: []Resource{{ARN: propResources[r.IntN(len(propResources))]}},
			Context:   Context{},
		},
	}
	if r.IntN(3) == 0 {
		c.boundary = pick(propStatements, 2)
	}
	if r.IntN(3) == 0 {
		c.scp = pick(propStatements, 2)
	}
	if r.IntN(2) == 0 {
		c.req.Context.Set("aws:RequestedRegion", []string{"us-east-1", "eu-west-1"}[r.IntN(2)])
	}
	if r.IntN(2) == 0 {
		c.req.Resources[0].Context = Context{}
		c.req.Resources[0].Context.Set("ssm:resourceTag/env", []string{"prod", "dev"}[r.IntN(2)])
	}
	return c
}

func (c propCase) set(t *testing.T) Set {
	t.Helper()
	var s Set
	for i, st := range c.identity {
		s.Identity = append(s.Identity, mustParse(t, "id"+string(rune('0'+i)), KindIdentity, allowDoc(st)))
	}
	if c.boundary != nil {
		s.Boundaries = []*Policy{mustParse(t, "pb", KindBoundary, allowDoc(strings.Join(c.boundary, ",")))}
	}
	if c.resource != nil {
		s.Resource = mustParse(t, "rp", KindResource, allowDoc(strings.Join(c.resource, ",")))
	}
	if c.scp != nil {
		s.SCPs = [][]*Policy{{mustParse(t, "scp", KindSCP, allowDoc(strings.Join(c.scp, ",")))}}
	}
	return s
}

// Invariants that must hold for any case, checked on a few thousand
// deterministic random cases.
func TestEvaluationInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2026))
	denyAll := mustParse(t, "deny-all", KindIdentity, allowDoc(`{"Effect":"Deny","Action":"*","Resource":"*"}`))
	for n := 0; n < 3000; n++ {
		c := randomCase(r)
		set := c.set(t)
		res, err := Evaluate(c.req, set)
		if err != nil {
			t.Fatalf("case %d: %v", n, err)
		}

		// Policy order never matters.
		rev := set
		rev.Identity = nil
		for i := len(set.Identity) - 1; i >= 0; i-- {
			rev.Identity = append(rev.Identity, set.Identity[i])
		}
		if again, _ := Evaluate(c.req, rev); again.Decision != res.Decision {
			t.Fatalf("case %d %+v: %s, but %s with identity policies reversed", n, c, res.Decision, again.Decision)
		}

		// A Deny of everything always wins (GetCallerIdentity is not in the pool).
		withDeny := set
		withDeny.Identity = append(append([]*Policy{}, set.Identity...), denyAll)
		if d, _ := Evaluate(c.req, withDeny); d.Decision != ExplicitDeny {
			t.Fatalf("case %d %+v: Deny * gave %s", n, c, d.Decision)
		}

		// An explicit deny lists only Deny statements; anything else only Allows.
		for _, rr := range res.Resources {
			for _, m := range rr.Matched {
				if (rr.Decision == ExplicitDeny) != (m.Effect == Deny) {
					t.Fatalf("case %d: %s decision lists a %s statement", n, rr.Decision, m.Effect)
				}
			}
		}

		// Removing every Allow statement can only deny (the account root
		// user in its own account needs none).
		if c.req.Principal != "arn:aws:iam::111122223333:root" {
			stripped := Set{SCPs: set.SCPs}
			if d, _ := Evaluate(c.req, stripped); d.Decision == Allowed && len(set.SCPs) == 0 {
				t.Fatalf("case %d %+v: allowed with no policies", n, c)
			}
		}
	}
}
