package readiness

import (
	"github.com/ssmkit/ssmkit/internal/check"
	"strings"

	"github.com/ssmkit/ssmkit/internal/profiles"
)

// CheckSessionKMS: with a KMS key in the preferences, the agent's role
// needs kms:Decrypt on it, decided by the key policy and the role's
// policies together (session-preferences-enable-encryption.html).
func CheckSessionKMS(in SessionInput) Check {
	c := Check{ID: "session-kms", Title: "Session encryption key"}
	if in.Prefs.KMSKeyID == "" {
		c.Status, c.Reason = Skip, "the preferences set no KMS key"
		return c
	}
	c.Evidence = map[string]any{"key": firstNonEmpty(in.KeyARN, in.Prefs.KMSKeyID)}
	switch {
	case in.Role == nil:
		c.Status, c.Reason = Unknown, "the agent's role is not known"
		return c
	case in.Role.Unreadable != "":
		c.Status, c.Reason = Unknown, "the policies of role "+in.Role.Name+" could not be read: "+in.Role.Unreadable
		return c
	case in.KeyUnreadable != "":
		c.Status, c.Reason = Unknown, "the key policy could not be read: "+in.KeyUnreadable
		return c
	}
	grants := EvaluateRole(*in.Role, []Requirement{{Action: "kms:Decrypt", Resource: in.KeyARN, Required: true, ResourcePolicy: in.KeyPolicy}},
		in.Region, in.Now)
	c.Evidence = map[string]any{"key": in.KeyARN, "role": in.Role.ARN, "grants": grants}
	status, reason, _ := grantsVerdict(grants, "role "+in.Role.Name)
	c.Status = status
	if status == Pass {
		c.Reason = "role " + in.Role.Name + " may use the key (key policy and role policies)"
		return c
	}
	c.Reason = reason + " on " + in.KeyARN + ": KMS-encrypted sessions fail"
	c.Fixes = fixes(`add to role ` + in.Role.Name + `: {"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + in.KeyARN + `"}` +
		" (and, if the key policy does not delegate to IAM, a key-policy statement for " + in.Role.ARN + ")")
	return c
}

// CheckSessionLogging: the preferences' log destinations exist, a
// destination whose encryption is enforced is encrypted (else sessions
// fail to start), and the agent's role may write to them
// (session-manager-logging.html, getting-started-create-iam-instance-profile.html).
func CheckSessionLogging(in SessionInput) Check {
	c := Check{ID: "session-logging", Title: "Session logging destinations", Status: Pass}
	p := in.Prefs
	if p.CloudWatchLogGroupName == "" && p.S3BucketName == "" {
		c.Status, c.Reason = Skip, "the preferences log nowhere"
		return c
	}
	var problems []string
	var reqs []Requirement
	note := func(s Status, problem, fix string) {
		c.Status = check.Worst(c.Status, s)
		problems = append(problems, problem)
		if fix != "" {
			c.Fixes = append(c.Fixes, fixOf(fix))
		}
	}
	ev := map[string]any{}
	if g := in.LogGroup; p.CloudWatchLogGroupName != "" {
		ev["logGroup"] = g
		switch {
		case g.Unreadable != "":
			note(Unknown, "log group "+g.Name+" could not be read: "+g.Unreadable, "")
		case !g.Exists:
			note(Fail, "log group "+p.CloudWatchLogGroupName+" does not exist", "aws logs create-log-group --region "+in.Region+" --log-group-name "+profiles.ShellQuote(p.CloudWatchLogGroupName))
		case p.CloudWatchEncryptionEnabled && g.KMSKeyID == "":
			note(Fail, "the preferences require an encrypted log group, and "+g.Name+" has no KMS key: sessions fail to start",
				"aws logs associate-kms-key --region "+in.Region+" --log-group-name "+profiles.ShellQuote(g.Name)+" --kms-key-id KEY-ARN")
		}
		group := "arn:aws:logs:" + in.Region + ":" + in.Account + ":log-group:" + p.CloudWatchLogGroupName
		reqs = append(reqs,
			Requirement{Action: "logs:CreateLogStream", Resource: group + ":log-stream:session", Required: true},
			Requirement{Action: "logs:PutLogEvents", Resource: group + ":log-stream:session", Required: true},
			Requirement{Action: "logs:DescribeLogGroups", Resource: "arn:aws:logs:" + in.Region + ":" + in.Account + ":log-group:*", Required: true})
	}
	if b := in.Bucket; p.S3BucketName != "" {
		ev["bucket"] = b
		switch {
		case b.Unreadable != "":
			note(Unknown, "bucket "+b.Name+" could not be read: "+b.Unreadable, "")
		case !b.Exists:
			note(Fail, "bucket "+p.S3BucketName+" does not exist", "aws s3api create-bucket --bucket "+profiles.ShellQuote(p.S3BucketName)+" --region "+in.Region)
		case p.S3EncryptionEnabled && !b.Encrypted:
			note(Fail, "the preferences require an encrypted bucket, and "+b.Name+" has no default encryption: sessions fail to start",
				"aws s3api put-bucket-encryption --bucket "+profiles.ShellQuote(b.Name)+` --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'`)
		}
		reqs = append(reqs, Requirement{Action: "s3:PutObject", Resource: "arn:aws:s3:::" + p.S3BucketName + "/" + p.S3KeyPrefix + "session.log", Required: true})
		if p.S3EncryptionEnabled {
			reqs = append(reqs, Requirement{Action: "s3:GetEncryptionConfiguration", Resource: "arn:aws:s3:::" + p.S3BucketName, Required: true})
		}
	}
	switch {
	case in.Role == nil:
		note(Unknown, "the agent's role is not known", "")
	case in.Role.Unreadable != "":
		note(Unknown, "the policies of role "+in.Role.Name+" could not be read: "+in.Role.Unreadable, "")
	default:
		grants := EvaluateRole(*in.Role, reqs, in.Region, in.Now)
		ev["grants"] = grants
		if s, reason, actions := grantsVerdict(grants, "role "+in.Role.Name); s != Pass {
			note(s, reason+": session logs cannot be written", loggingFix(in.Role.Name, actions, grants))
		}
	}
	c.Evidence = ev
	if len(problems) == 0 {
		c.Reason = "destinations exist and role " + in.Role.Name + " may write to them"
		return c
	}
	c.Reason = strings.Join(problems, "; ")
	return c
}

func loggingFix(role string, actions []string, grants []Grant) string {
	var stmts []string
	for _, g := range grants {
		for _, a := range actions {
			if g.Action == a {
				stmts = append(stmts, `{"Effect":"Allow","Action":"`+a+`","Resource":"`+g.Resource+`"}`)
			}
		}
	}
	return "add to role " + role + ": " + strings.Join(stmts, ", ")
}

// CheckRunAs: with Run As on, sessions start as an OS user, not ssm-user:
// Linux and macOS only, agent 2.3.672.0 or later (checked by the agent
// check), and the user must exist on the node, which the API cannot show
// (session-preferences-run-as.html).
func CheckRunAs(p Preferences, platform string) Check {
	c := Check{ID: "session-run-as", Title: "Run As"}
	if !p.RunAsEnabled {
		c.Status, c.Reason = Skip, "Run As is off: sessions start as ssm-user"
		return c
	}
	c.Evidence = map[string]string{"runAsDefaultUser": p.RunAsDefaultUser, "platform": platform}
	if strings.EqualFold(platform, "Windows") {
		c.Status, c.Reason = Warn, "Run As does not apply to Windows nodes: sessions there start as ssm-user"
		return c
	}
	user := firstNonEmpty(p.RunAsDefaultUser, "the user in the caller's SSMSessionRunAs tag")
	c.Status = Warn
	c.Reason = "sessions start as " + user + ": that OS user must exist on the node (the API cannot show it)"
	if p.RunAsDefaultUser == "" {
		c.Reason += "; with no default user, a caller without an SSMSessionRunAs tag cannot start a session"
	}
	return c
}
