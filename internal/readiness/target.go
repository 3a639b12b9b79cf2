package readiness

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

// Node is one target as the checks see it: the EC2 instance (nil for a
// hybrid mi- node or an instance this account cannot see) and its
// Systems Manager view (nil when it is not a managed node).
type Node struct {
	ID       string
	Region   string
	Instance *ec2types.Instance
	Info     *ssmtypes.InstanceInformation
	// Connection is GetConnectionStatus's answer ("connected",
	// "notconnected"), or "" when it was not asked (fleet mode).
	Connection string
}

// IsHybrid reports a hybrid-activated node (mi-...).
func (n Node) IsHybrid() bool { return strings.HasPrefix(n.ID, "mi-") }

// Tags returns the target's tags (EC2 tags; a hybrid node's come from the caller).
func (n Node) Tags() map[string]string {
	out := map[string]string{}
	if n.Instance != nil {
		for _, t := range n.Instance.Tags {
			out[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return out
}

// CheckInstance: the instance exists and is running.
func CheckInstance(n Node) Check {
	c := Check{ID: "instance", Title: "Instance exists and runs"}
	if n.IsHybrid() {
		if n.Info == nil {
			c.Status, c.Reason = Fail, "no managed node "+n.ID+" in "+n.Region
			c.Fixes = fixes("check the id and region: aws ssm describe-instance-information --region " + n.Region)
			return c
		}
		c.Status, c.Reason = Pass, "hybrid node "+aws.ToString(n.Info.Name)+" ("+aws.ToString(n.Info.PlatformName)+")"
		c.Evidence = map[string]string{"resourceType": string(n.Info.ResourceType), "platform": aws.ToString(n.Info.PlatformName)}
		return c
	}
	if n.Instance == nil {
		c.Status, c.Reason = Fail, "no instance "+n.ID+" in "+n.Region+" for this account"
		c.Fixes = fixes("check the id, the profile's account and the region (--region)")
		return c
	}
	state := ""
	if n.Instance.State != nil {
		state = string(n.Instance.State.Name)
	}
	platform := aws.ToString(n.Instance.PlatformDetails)
	c.Evidence = map[string]string{"state": state, "platform": platform, "instanceType": string(n.Instance.InstanceType)}
	if state != string(ec2types.InstanceStateNameRunning) {
		c.Status, c.Reason = Fail, "the instance is "+state
		if state == string(ec2types.InstanceStateNameStopped) {
			c.Fixes = fixes("aws ec2 start-instances --region " + n.Region + " --instance-ids " + n.ID)
		}
		return c
	}
	c.Status, c.Reason = Pass, "running, "+platform
	return c
}

// StaleAfter is how old a last ping may be before an Online node is
// doubted: the agent pings about every five minutes.
const StaleAfter = 15 * time.Minute

// CheckManaged: the node is registered with Systems Manager and online.
func CheckManaged(n Node, now time.Time) Check {
	c := Check{ID: "managed", Title: "Managed node online"}
	if n.Info == nil {
		c.Status = Fail
		c.Reason = "not a managed node: SSM Agent has never registered it (instance role or DHMC, agent, network)"
		c.Fixes = fixes("see the agent-identity and network checks; on the instance: sudo systemctl status amazon-ssm-agent")
		return c
	}
	ev := map[string]string{"pingStatus": string(n.Info.PingStatus)}
	age := ""
	if t := n.Info.LastPingDateTime; t != nil {
		ev["lastPing"] = t.UTC().Format(time.RFC3339)
		age = now.Sub(*t).Round(time.Minute).String()
	}
	if n.Connection != "" {
		ev["connection"] = n.Connection
	}
	c.Evidence = ev
	switch {
	case n.Info.PingStatus != ssmtypes.PingStatusOnline:
		c.Status, c.Reason = Fail, "ping status "+string(n.Info.PingStatus)+lastPing(age)
		c.Fixes = fixes("restart the agent on the node, and see the agent-identity and network checks")
	case n.Info.LastPingDateTime != nil && now.Sub(*n.Info.LastPingDateTime) > StaleAfter:
		c.Status, c.Reason = Warn, "Online, but"+lastPing(age)
	case strings.EqualFold(n.Connection, "notconnected"):
		c.Status = Fail
		c.Reason = "Online, but GetConnectionStatus says notconnected: the agent cannot open a session channel (ssmmessages)"
		c.Fixes = fixes("see the network check for the ssmmessages endpoint")
	default:
		c.Status, c.Reason = Pass, "Online"+lastPing(age)
	}
	return c
}

func lastPing(age string) string {
	if age == "" {
		return ""
	}
	return ", last ping " + age + " ago"
}

// AgentInput is what the agent check needs besides the node.
type AgentInput struct {
	Needed []Feature
	// Floor is --min-agent-version ("" for none).
	Floor string
}

// CheckAgent: the agent version against every feature's minimum, the
// --min-agent-version floor, and isLatestVersion.
func CheckAgent(n Node, in AgentInput) Check {
	c := Check{ID: "agent", Title: "SSM Agent version"}
	if n.Info == nil || aws.ToString(n.Info.AgentVersion) == "" {
		c.Status, c.Reason = Skip, "no agent version: not a managed node"
		return c
	}
	v := aws.ToString(n.Info.AgentVersion)
	sup, err := AgentSupports(v, in.Needed)
	if err != nil {
		c.Status, c.Reason = Unknown, err.Error()
		return c
	}
	c.Evidence = map[string]any{"version": v, "isLatestVersion": n.Info.IsLatestVersion, "features": sup}
	update := "aws ssm send-command --region " + n.Region + " --document-name AWS-UpdateSSMAgent --instance-ids " + n.ID
	var missing, optional []string
	for _, s := range sup {
		if s.Supported {
			continue
		}
		if s.Needed {
			missing = append(missing, fmt.Sprintf("%s needs %s", s.Feature, s.Version))
		} else {
			optional = append(optional, string(s.Feature))
		}
	}
	c.Status, c.Reason = Pass, "agent "+v
	if in.Floor != "" {
		if cmp, err := CompareVersions(v, in.Floor); err == nil && cmp < 0 {
			missing = append(missing, "--min-agent-version "+in.Floor)
		}
	}
	switch {
	case len(missing) > 0:
		c.Status, c.Reason = Fail, "agent "+v+" is too old: "+strings.Join(missing, ", ")
		c.Fixes = fixes(update)
	case len(optional) > 0:
		c.Status, c.Reason = Warn, "agent "+v+" does not support "+strings.Join(optional, ", ")
		c.Fixes = fixes(update)
	case n.Info.IsLatestVersion != nil && !*n.Info.IsLatestVersion:
		c.Status, c.Reason = Warn, "agent "+v+" is not the latest version"
		c.Fixes = fixes(update)
	}
	return c
}

// CheckHybridTier: Session Manager reaches hybrid (mi-) nodes only on the
// advanced-instances tier
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-managedinstances-advanced.html).
// tier is the activation-tier service setting ("standard", "advanced"), ""
// when it could not be read.
func CheckHybridTier(n Node, tier, account string) Check {
	c := Check{ID: "hybrid-tier", Title: "Advanced-instances tier"}
	if !n.IsHybrid() {
		c.Status, c.Reason = Skip, "an EC2 instance: no tier needed"
		return c
	}
	c.Evidence = map[string]string{"activationTier": tier}
	switch strings.ToLower(tier) {
	case "advanced":
		c.Status, c.Reason = Pass, "the account uses the advanced-instances tier in "+n.Region
	case "":
		c.Status, c.Reason = Unknown, "the activation tier could not be read: needs permission ssm:GetServiceSetting"
	default:
		c.Status = Fail
		c.Reason = "hybrid node on the " + tier + " tier: Session Manager needs the advanced-instances tier"
		c.Fixes = fixes("aws ssm update-service-setting --region " + n.Region + " --setting-id arn:aws:ssm:" + n.Region + ":" + account +
			":servicesetting/ssm/managed-instance/activation-tier --setting-value advanced")
	}
	return c
}

// CheckExpectTags: the target carries the tags an access plan scopes by
// (--expect-tag KEY=VALUE, e.g. ssmaccess=true).
func CheckExpectTags(n Node, tags map[string]string, expect map[string]string) Check {
	c := Check{ID: "expect-tag", Title: "Expected tags"}
	if len(expect) == 0 {
		c.Status, c.Reason = Skip, "no --expect-tag"
		return c
	}
	var wrong []string
	var fixTags []string
	for _, k := range sortedKeys(expect) {
		want := expect[k]
		got, ok := tags[k]
		if ok && got == want {
			continue
		}
		if ok {
			wrong = append(wrong, fmt.Sprintf("%s is %q, not %q", k, got, want))
		} else {
			wrong = append(wrong, fmt.Sprintf("%s is missing (want %q)", k, want))
		}
		fixTags = append(fixTags, "Key="+k+",Value="+want)
	}
	c.Evidence = map[string]any{"expected": expect, "tags": tags}
	if len(wrong) == 0 {
		c.Status, c.Reason = Pass, "tags as expected"
		return c
	}
	c.Status, c.Reason = Fail, "tag "+strings.Join(wrong, "; ")
	quoted := make([]string, len(fixTags))
	for i, t := range fixTags {
		quoted[i] = profiles.ShellQuote(t)
	}
	if n.IsHybrid() {
		c.Fixes = fixes("aws ssm add-tags-to-resource --region " + n.Region + " --resource-type ManagedInstance --resource-id " + n.ID + " --tags " + strings.Join(quoted, " "))
	} else {
		c.Fixes = fixes("aws ec2 create-tags --region " + n.Region + " --resources " + n.ID + " --tags " + strings.Join(quoted, " "))
	}
	return c
}
