package access

import (
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/shell"
)

const titleTarget = "the target can take a session now"

type targetEvidence struct {
	State      string `json:"state,omitempty"`
	PingStatus string `json:"pingStatus,omitempty"`
	Agent      string `json:"agentVersion,omitempty"`
	Connection string `json:"connection,omitempty"`
}

// targetCheck says whether the target can take a session: it exists and
// runs, its agent is Online, and GetConnectionStatus says connected.
func targetCheck(ts TargetState, connectionAsked bool) check.Check {
	readiness := check.Fix{Text: "ssm-readiness tells what keeps the node from Session Manager (instance role, agent, network path)"}
	switch {
	case ts.LookupErr != nil:
		return check.FromError(CheckTarget, titleTarget, ts.LookupErr)
	case ts.NotFound || ts.Target == nil:
		return check.New(CheckTarget, titleTarget, check.Fail,
			"no instance or managed node matches "+ts.Spec+" in account "+ts.Account+", region "+ts.Region).
			WithFixes(check.Fix{Text: "check the id or name, and the region (--region)"})
	}
	t := ts.Target
	readiness.Command = shell.Join("ssm-readiness", "--region", t.Region, t.ID)
	ev := targetEvidence{State: t.State, Connection: ts.Connection}
	if t.Node != nil {
		ev.PingStatus, ev.Agent = t.Node.PingStatus, t.Node.AgentVersion
	}
	if t.State != "" && t.State != "running" {
		c := check.New(CheckTarget, titleTarget, check.Fail, "the instance is "+t.State+", not running").WithEvidence(ev)
		if t.State == "stopped" {
			c = c.WithFixes(check.Fix{Text: "start the instance", Command: shell.Join("aws", "ec2", "start-instances", "--region", t.Region, "--instance-ids", t.ID)})
		}
		return c
	}
	if t.NodeErr != nil {
		return check.FromError(CheckTarget, titleTarget, t.NodeErr).WithEvidence(ev)
	}
	if t.Node == nil {
		return check.New(CheckTarget, titleTarget, check.Fail,
			"not a managed node: Systems Manager has no record of its agent").WithEvidence(ev).WithFixes(readiness)
	}
	if t.Node.PingStatus != "Online" {
		reason := "the agent is " + t.Node.PingStatus
		if t.Node.LastPingAt != nil {
			reason += " (last seen " + t.Node.LastPingAt.UTC().Format("2006-01-02 15:04Z") + ")"
		}
		return check.New(CheckTarget, titleTarget, check.Fail, reason).WithEvidence(ev).WithFixes(readiness)
	}
	if !connectionAsked {
		return check.New(CheckTarget, titleTarget, check.Pass, "running, agent Online (connection not asked)").WithEvidence(ev)
	}
	switch {
	case ts.ConnectionErr != nil:
		c := check.FromError(CheckTarget, titleTarget, ts.ConnectionErr)
		c.Reason = "the agent is Online, but whether it can take a session is unknown: " + c.Reason
		return c.WithEvidence(ev)
	case ts.Connection != "connected":
		return check.New(CheckTarget, titleTarget, check.Fail,
			"Online but not connected, so it cannot take a session: its network path to the ssmmessages endpoint, "+
				"or its instance role's ssmmessages permissions (ssm-readiness tells which)").
			WithEvidence(ev).WithFixes(readiness)
	}
	return check.New(CheckTarget, titleTarget, check.Pass, "running, agent Online, connected").WithEvidence(ev)
}
