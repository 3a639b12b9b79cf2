package findings

import "strings"

// Step is one case of the interpretation guide that applies, and what to do.
type Step struct {
	Case string
	Do   string
}

// interpret reads the report the way an investigator reads the evidence:
// the instance first (no permission lets a session into an instance that is
// not connected), then the session key, then identity, then this machine;
// unknowns last, with the permission that would decide them. When nothing
// fails, the users are ready to test a session.
func interpret(r Report) []Step {
	failed := map[string]bool{}
	unknown := map[string]bool{}
	for _, g := range r.Gaps {
		switch g.Status {
		case Fail:
			failed[g.Component] = true
		case Unknown:
			unknown[g.Component] = true
		}
	}
	var steps []Step
	if failed[CompInstance] || failed[CompRole] || failed[CompNetwork] {
		steps = append(steps, Step{
			Case: "the instance is not online and connected in Systems Manager",
			Do: "fix the instance before touching identity: its instance role (" + policyCore + "), " +
				"its SSM Agent, and its network path to the ssm, ec2messages and ssmmessages endpoints; " +
				"until it is connected no permission set lets a session in",
		})
	}
	if failed[CompKMS] {
		steps = append(steps, Step{
			Case: "Session Manager encrypts sessions with a customer KMS key that the role may not use",
			Do: "let the SSO role use the key with kms:GenerateDataKey (and the instance role with kms:Decrypt): " +
				"in the key policy, or, where the key policy delegates to IAM, in the permission set (the statement below)",
		})
	}
	if group := groupRequest(r); failed[CompPermission] && group != "" {
		steps = append(steps, Step{
			Case: "a user lacks a useful permission set, but a group that grants one exists",
			Do:   group + "; or assign an EC2 SSM operator permission set to a group they are in, in the target account",
		})
	} else if failed[CompPermission] {
		steps = append(steps, Step{
			Case: "a user lacks a permission set that allows ssm:StartSession on this instance and document",
			Do: "assign an EC2 SSM operator permission set to the user's group in the target account " +
				"(or add the statement below to the permission set they already have); group membership " +
				"is managed where Identity Center's users come from (the identity provider)",
		})
	}
	if failed[CompSignIn] {
		steps = append(steps, Step{Case: "a user's credentials do not work now", Do: "log in first (the command is below), then run the check again"})
	}
	if failed[CompLogging] {
		steps = append(steps, Step{Case: "session logs cannot be written where the preferences send them",
			Do: "give the instance role the logging permissions below, or point the preferences (SSM-SessionManagerRunShell) at a destination it may write"})
	}
	if failed[CompPrefs] {
		steps = append(steps, Step{Case: "the session preferences name a setting that does not work",
			Do: "fix the preferences document (SSM-SessionManagerRunShell) as below"})
	}
	if failed[CompLocal] {
		steps = append(steps, Step{Case: "this machine cannot start a session", Do: "install or update what the local checks name (AWS CLI, Session Manager plugin, ssh)"})
	}
	if len(unknown) > 0 {
		var names []string
		for _, c := range componentOrder {
			if unknown[c] {
				names = append(names, c)
			}
		}
		steps = append(steps, Step{Case: "some checks could not be made (" + strings.Join(names, ", ") + ")",
			Do: "grant the investigator the read permission each one names, or ask someone who has it, and run again"})
	}
	if len(steps) == 0 {
		steps = append(steps, Step{Case: "the users have a permission set with ssm:StartSession and the instance is online and connected",
			Do: "ready: test a port-forwarding session once their SSO role credentials are active"})
	}
	return steps
}

// policyCore is the AWS managed policy an instance role needs for Session Manager.
const policyCore = "AmazonSSMManagedInstanceCore"

// groupRequest is the first "request membership of group ..." change a
// failing permission gap names, up to its reason (the text before ":").
func groupRequest(r Report) string {
	for _, g := range r.Gaps {
		if g.Component != CompPermission || g.Status != Fail {
			continue
		}
		for _, c := range g.Changes {
			if strings.HasPrefix(c, "request membership of group") {
				if i := strings.Index(c, " ("); i > 0 {
					return c[:i]
				}
				return c
			}
		}
	}
	return ""
}
