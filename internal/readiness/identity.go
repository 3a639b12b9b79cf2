package readiness

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

// DHMC is the account's Default Host Management Configuration in a region:
// the ssm/managed-instance/default-ec2-instance-management-role setting.
type DHMC struct {
	// Setting is the role ("service-role/NAME" or a name), "$None" when off,
	// "" when it could not be read.
	Setting string
	// Unreadable names the permission that would read it.
	Unreadable string
	// Role is the DHMC role's policies, when on.
	Role *Role
}

// On reports whether DHMC is turned on.
func (d DHMC) On() bool { return d.Setting != "" && d.Setting != "$None" }

// IdentityInput is what the agent-identity check needs.
type IdentityInput struct {
	Account   string
	TargetARN string
	// Profile is the instance profile's role; nil when none is attached.
	Profile *Role
	// ProfileARN is the instance profile attached, "" when none.
	ProfileARN string
	DHMC       DHMC
	Now        time.Time
}

// CheckAgentIdentity: the credentials SSM Agent uses — the instance
// profile's role, else (no profile) the DHMC role under DHMC's conditions,
// or a hybrid node's service role — and that role's effective permissions
// for what the agent does, evaluated with the policy engine (boundary,
// explicit denies, SCPs where readable), not by matching policy names.
func CheckAgentIdentity(n Node, in IdentityInput) Check {
	c := Check{ID: "agent-identity", Title: "Agent identity and permissions"}
	switch {
	case n.IsHybrid() || in.ProfileARN != "":
		if in.Profile == nil {
			c.Status, c.Reason = Unknown, "the role behind "+firstNonEmpty(in.ProfileARN, "the node's service role")+" could not be read"
			return c
		}
		return judgeRole(c, n, in, *in.Profile, "role "+in.Profile.Name)
	case n.Instance == nil:
		c.Status, c.Reason = Skip, "no instance"
		return c
	}
	// No instance profile: only DHMC can give the agent credentials.
	enable := "attach an instance profile (aws ec2 associate-iam-instance-profile --region " + n.Region + " --instance-id " + n.ID +
		" --iam-instance-profile Name=PROFILE), or turn on Default Host Management Configuration: aws ssm update-service-setting --region " + n.Region +
		" --setting-id arn:aws:ssm:" + n.Region + ":" + in.Account + ":servicesetting/ssm/managed-instance/default-ec2-instance-management-role" +
		" --setting-value service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole"
	switch {
	case in.DHMC.Setting == "":
		c.Status, c.Reason = Unknown, "no instance profile, and the DHMC setting could not be read: "+firstNonEmpty(in.DHMC.Unreadable, "needs permission ssm:GetServiceSetting")
		return c
	case !in.DHMC.On():
		c.Status, c.Reason, c.Fixes = Fail, "no instance profile and Default Host Management Configuration is off: the agent has no credentials", fixes(enable)
		return c
	}
	if problem, fix := dhmcConditions(n); problem != "" {
		c.Status, c.Reason, c.Fixes = Fail, "no instance profile, and DHMC cannot manage it: "+problem, fixes(fix)
		c.Evidence = map[string]string{"dhmcRole": in.DHMC.Setting}
		return c
	}
	if in.DHMC.Role == nil {
		c.Status, c.Reason = Unknown, "DHMC role "+in.DHMC.Setting+" could not be read"
		return c
	}
	return judgeRole(c, n, in, *in.DHMC.Role, "DHMC role "+in.DHMC.Role.Name)
}

// dhmcConditions: DHMC manages instances with SSM Agent 3.2.582.0 or later
// that use IMDSv2; it does not support IMDSv1
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/managed-instances-default-host-management.html).
func dhmcConditions(n Node) (problem, fix string) {
	if n.Info != nil && aws.ToString(n.Info.AgentVersion) != "" {
		if cmp, err := CompareVersions(aws.ToString(n.Info.AgentVersion), "3.2.582.0"); err == nil && cmp < 0 {
			return "SSM Agent " + aws.ToString(n.Info.AgentVersion) + " is older than 3.2.582.0",
				"update SSM Agent on the instance to 3.2.582.0 or later, or attach an instance profile"
		}
	}
	if n.Instance != nil && n.Instance.MetadataOptions != nil {
		mo := n.Instance.MetadataOptions
		if mo.HttpEndpoint == ec2types.InstanceMetadataEndpointStateDisabled {
			return "its instance metadata endpoint is disabled",
				"aws ec2 modify-instance-metadata-options --region " + n.Region + " --instance-id " + n.ID + " --http-endpoint enabled --http-tokens required"
		}
	}
	return "", ""
}

func judgeRole(c Check, n Node, in IdentityInput, r Role, who string) Check {
	ev := map[string]any{"role": r.ARN}
	if in.ProfileARN != "" {
		ev["instanceProfile"] = in.ProfileARN
	}
	if in.DHMC.On() {
		ev["dhmcRole"] = in.DHMC.Setting
	}
	core := slices.Contains(r.ManagedPolicies, managedCore)
	ev["amazonSSMManagedInstanceCoreAttached"] = core
	if n.Instance != nil && n.Instance.MetadataOptions != nil {
		ev["httpTokens"] = string(n.Instance.MetadataOptions.HttpTokens)
	}
	c.Evidence = ev
	if r.Unreadable != "" {
		c.Status, c.Reason = Unknown, "the policies of "+who+" could not be read: "+r.Unreadable
		return c
	}
	grants := EvaluateRole(r, CoreRequirements(in.TargetARN), n.Region, in.Now)
	ev["grants"] = grants
	status, reason, actions := grantsVerdict(grants, who)
	c.Status = status
	if status == Pass {
		c.Reason = who + " allows what the agent needs"
		if core {
			c.Reason += " (AmazonSSMManagedInstanceCore is attached)"
		}
		return c
	}
	c.Reason = reason
	if len(actions) > 0 && r.Name != "" {
		c.Fixes = fixes("aws iam attach-role-policy --role-name "+profiles.ShellQuote(r.Name)+" --policy-arn "+managedCore,
			fmt.Sprintf(`or add to %s: {"Effect":"Allow","Action":[%s],"Resource":"*"}`, r.Name, quoteList(actions)))
	}
	return c
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ",")
}
