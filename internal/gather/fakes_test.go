package gather

import (
	"context"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

// counter counts calls per operation and the most in flight at once.
type counter struct {
	mu       sync.Mutex
	calls    map[string]int
	inFlight atomic.Int32
	peak     atomic.Int32
	delay    time.Duration
}

func (c *counter) enter(op string) func() {
	c.mu.Lock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[op]++
	c.mu.Unlock()
	n := c.inFlight.Add(1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	time.Sleep(c.delay)
	return func() { c.inFlight.Add(-1) }
}

func (c *counter) count(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[op]
}

func denied(op string) error {
	return &smithy.OperationError{ServiceID: "IAM", OperationName: op, Err: &smithy.GenericAPIError{Code: "AccessDenied", Message: "not authorized"}}
}

// fakeIAM holds roles, users, groups and managed policies; deny names
// operations that answer AccessDenied.
type fakeIAM struct {
	IAMAPI // unimplemented methods panic
	counter
	roles    map[string]iamtypes.Role
	inline   map[string]map[string]string // owner -> policy name -> document
	attached map[string][]string          // owner -> policy ARNs
	managed  map[string]string            // ARN -> document (default version v3)
	users    map[string]iamtypes.User
	groups   map[string][]string // user -> groups
	deny     map[string]bool
}

func (f *fakeIAM) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	defer f.enter("GetRole")()
	if f.deny["GetRole"] {
		return nil, denied("GetRole")
	}
	r, ok := f.roles[aws.ToString(in.RoleName)]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchEntity"}
	}
	return &iam.GetRoleOutput{Role: &r}, nil
}

func (f *fakeIAM) ListRolePolicies(_ context.Context, in *iam.ListRolePoliciesInput, _ ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error) {
	defer f.enter("ListRolePolicies")()
	return &iam.ListRolePoliciesOutput{PolicyNames: names(f.inline[aws.ToString(in.RoleName)])}, nil
}

func (f *fakeIAM) GetRolePolicy(_ context.Context, in *iam.GetRolePolicyInput, _ ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error) {
	defer f.enter("GetRolePolicy")()
	doc := f.inline[aws.ToString(in.RoleName)][aws.ToString(in.PolicyName)]
	return &iam.GetRolePolicyOutput{PolicyDocument: aws.String(url.QueryEscape(doc))}, nil
}

func (f *fakeIAM) ListAttachedRolePolicies(_ context.Context, in *iam.ListAttachedRolePoliciesInput, _ ...func(*iam.Options)) (*iam.ListAttachedRolePoliciesOutput, error) {
	defer f.enter("ListAttachedRolePolicies")()
	return &iam.ListAttachedRolePoliciesOutput{AttachedPolicies: attachedOf(f.attached[aws.ToString(in.RoleName)])}, nil
}

func (f *fakeIAM) GetPolicy(_ context.Context, in *iam.GetPolicyInput, _ ...func(*iam.Options)) (*iam.GetPolicyOutput, error) {
	defer f.enter("GetPolicy")()
	a := aws.ToString(in.PolicyArn)
	return &iam.GetPolicyOutput{Policy: &iamtypes.Policy{Arn: in.PolicyArn, PolicyName: aws.String(a[len("arn:aws:iam::aws:policy/"):]), DefaultVersionId: aws.String("v3")}}, nil
}

func (f *fakeIAM) GetPolicyVersion(_ context.Context, in *iam.GetPolicyVersionInput, _ ...func(*iam.Options)) (*iam.GetPolicyVersionOutput, error) {
	defer f.enter("GetPolicyVersion")()
	if f.deny["GetPolicyVersion"] {
		return nil, denied("GetPolicyVersion")
	}
	if aws.ToString(in.VersionId) != "v3" {
		panic("not the default version")
	}
	return &iam.GetPolicyVersionOutput{PolicyVersion: &iamtypes.PolicyVersion{Document: aws.String(url.QueryEscape(f.managed[aws.ToString(in.PolicyArn)]))}}, nil
}

func (f *fakeIAM) GetUser(_ context.Context, in *iam.GetUserInput, _ ...func(*iam.Options)) (*iam.GetUserOutput, error) {
	defer f.enter("GetUser")()
	u := f.users[aws.ToString(in.UserName)]
	return &iam.GetUserOutput{User: &u}, nil
}

func (f *fakeIAM) ListUserPolicies(_ context.Context, in *iam.ListUserPoliciesInput, _ ...func(*iam.Options)) (*iam.ListUserPoliciesOutput, error) {
	defer f.enter("ListUserPolicies")()
	return &iam.ListUserPoliciesOutput{PolicyNames: names(f.inline[aws.ToString(in.UserName)])}, nil
}

func (f *fakeIAM) GetUserPolicy(_ context.Context, in *iam.GetUserPolicyInput, _ ...func(*iam.Options)) (*iam.GetUserPolicyOutput, error) {
	defer f.enter("GetUserPolicy")()
	return &iam.GetUserPolicyOutput{PolicyDocument: aws.String(url.QueryEscape(f.inline[aws.ToString(in.UserName)][aws.ToString(in.PolicyName)]))}, nil
}

func (f *fakeIAM) ListAttachedUserPolicies(_ context.Context, in *iam.ListAttachedUserPoliciesInput, _ ...func(*iam.Options)) (*iam.ListAttachedUserPoliciesOutput, error) {
	defer f.enter("ListAttachedUserPolicies")()
	return &iam.ListAttachedUserPoliciesOutput{AttachedPolicies: attachedOf(f.attached[aws.ToString(in.UserName)])}, nil
}

func (f *fakeIAM) ListGroupsForUser(_ context.Context, in *iam.ListGroupsForUserInput, _ ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error) {
	defer f.enter("ListGroupsForUser")()
	var gs []iamtypes.Group
	for _, g := range f.groups[aws.ToString(in.UserName)] {
		gs = append(gs, iamtypes.Group{GroupName: aws.String(g)})
	}
	return &iam.ListGroupsForUserOutput{Groups: gs}, nil
}

func (f *fakeIAM) ListGroupPolicies(_ context.Context, in *iam.ListGroupPoliciesInput, _ ...func(*iam.Options)) (*iam.ListGroupPoliciesOutput, error) {
	defer f.enter("ListGroupPolicies")()
	return &iam.ListGroupPoliciesOutput{PolicyNames: names(f.inline["group/"+aws.ToString(in.GroupName)])}, nil
}

func (f *fakeIAM) GetGroupPolicy(_ context.Context, in *iam.GetGroupPolicyInput, _ ...func(*iam.Options)) (*iam.GetGroupPolicyOutput, error) {
	defer f.enter("GetGroupPolicy")()
	return &iam.GetGroupPolicyOutput{PolicyDocument: aws.String(f.inline["group/"+aws.ToString(in.GroupName)][aws.ToString(in.PolicyName)])}, nil
}

func (f *fakeIAM) ListAttachedGroupPolicies(_ context.Context, in *iam.ListAttachedGroupPoliciesInput, _ ...func(*iam.Options)) (*iam.ListAttachedGroupPoliciesOutput, error) {
	defer f.enter("ListAttachedGroupPolicies")()
	return &iam.ListAttachedGroupPoliciesOutput{AttachedPolicies: attachedOf(f.attached["group/"+aws.ToString(in.GroupName)])}, nil
}

func (f *fakeIAM) GetInstanceProfile(_ context.Context, in *iam.GetInstanceProfileInput, _ ...func(*iam.Options)) (*iam.GetInstanceProfileOutput, error) {
	defer f.enter("GetInstanceProfile")()
	r := f.roles[aws.ToString(in.InstanceProfileName)]
	return &iam.GetInstanceProfileOutput{InstanceProfile: &iamtypes.InstanceProfile{Roles: []iamtypes.Role{r}}}, nil
}

func (f *fakeIAM) SimulatePrincipalPolicy(_ context.Context, in *iam.SimulatePrincipalPolicyInput, _ ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error) {
	defer f.enter("SimulatePrincipalPolicy")()
	if f.deny["SimulatePrincipalPolicy"] {
		return nil, denied("SimulatePrincipalPolicy")
	}
	var out iam.SimulatePrincipalPolicyOutput
	for _, r := range in.ResourceArns {
		d := iamtypes.PolicyEvaluationDecisionTypeAllowed
		if len(in.ContextEntries) == 0 {
			d = iamtypes.PolicyEvaluationDecisionTypeImplicitDeny
		}
		out.EvaluationResults = append(out.EvaluationResults, iamtypes.EvaluationResult{EvalActionName: aws.String(in.ActionNames[0]),
			EvalResourceName: aws.String(r), EvalDecision: d, OrganizationsDecisionDetail: &iamtypes.OrganizationsDecisionDetail{AllowedByOrganizations: true}})
	}
	return &out, nil
}

func names(m map[string]string) []string {
	return sortedKeys(m)
}

func attachedOf(arns []string) []iamtypes.AttachedPolicy {
	var out []iamtypes.AttachedPolicy
	for _, a := range arns {
		out = append(out, iamtypes.AttachedPolicy{PolicyArn: aws.String(a)})
	}
	return out
}
