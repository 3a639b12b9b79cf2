package policy

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ActionStartSession is the action Session Manager authorizes for every session.
const ActionStartSession = "ssm:StartSession"

// TargetARN returns the ARN Session Manager authorizes for a target: an EC2
// instance (i-...) or a hybrid managed instance (mi-...).
func TargetARN(partition, region, account, target string) (string, error) {
	switch {
	case strings.HasPrefix(target, "i-"):
		return "arn:" + partition + ":ec2:" + region + ":" + account + ":instance/" + target, nil
	case strings.HasPrefix(target, "mi-"):
		return "arn:" + partition + ":ssm:" + region + ":" + account + ":managed-instance/" + target, nil
	}
	return "", fmt.Errorf("target %q is neither an instance (i-...) nor a managed instance (mi-...)", target)
}

// DocumentARN returns a session document's ARN. AWS-owned documents
// (AWS-StartPortForwardingSession, AWS-StartSSHSession, ...) have an empty
// account field: arn:aws:ssm:REGION::document/NAME.
func DocumentARN(partition, region, account, name string) string {
	if strings.HasPrefix(name, "AWS-") {
		account = ""
	}
	return "arn:" + partition + ":ssm:" + region + ":" + account + ":document/" + name
}

// TaggedResource is a resource whose tags are visible to conditions both as
// ssm:resourceTag/<key> and aws:ResourceTag/<key>, the two keys
// ssm:StartSession supports on instances (Service Authorization Reference,
// "Actions, resources, and condition keys for AWS Systems Manager").
func TaggedResource(arn string, tags map[string]string) Resource {
	c := make(Context, 2*len(tags))
	for k, v := range tags {
		c.Set("ssm:resourceTag/"+k, v)
		c.Set("aws:ResourceTag/"+k, v)
	}
	return Resource{ARN: arn, Context: c}
}

// StartSessionRequest is the request Session Manager authorizes when
// principal starts a session on the target with document: both the target
// and the document must be allowed. An empty documentARN authorizes the
// target alone (a default shell session).
func StartSessionRequest(principal string, target Resource, documentARN string, ctx Context) Request {
	req := Request{Principal: principal, Action: ActionStartSession, Resources: []Resource{target}, Context: ctx}
	if documentARN != "" {
		req.Resources = append(req.Resources, Resource{ARN: documentARN})
	}
	return req
}

// RequestContext returns the global keys AWS puts in every signed API request
// made over HTTPS from outside AWS services, for callers that evaluate a real
// request rather than a hypothetical one: aws:RequestedRegion,
// aws:CurrentTime, aws:EpochTime, aws:SecureTransport and aws:ViaAWSService
// (reference_policies_condition-keys.html). Time is a parameter: this
// package never reads the clock.
func RequestContext(region string, now time.Time) Context {
	c := Context{}
	if region != "" {
		c.Set("aws:RequestedRegion", region)
	}
	c.Set("aws:CurrentTime", now.UTC().Format(time.RFC3339))
	c.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	c.Set("aws:SecureTransport", "true")
	c.Set("aws:ViaAWSService", "false")
	return c
}

// KeySessionDocumentAccessCheck is the condition key that makes a statement
// allowing ssm:StartSession demand an explicit grant on the session document.
const KeySessionDocumentAccessCheck = "ssm:SessionDocumentAccessCheck"

// DefaultSessionDocument is the document Session Manager uses for a session
// started without a document name: the account's shell preferences.
const DefaultSessionDocument = "SSM-SessionManagerRunShell"

// SessionRequest is a session someone starts: on Target, with DocumentARN,
// or with no document name at all (DocumentARN "") and so the account's
// DefaultDocumentARN (arn:...:ACCOUNT:document/SSM-SessionManagerRunShell).
type SessionRequest struct {
	Principal          string
	Target             Resource
	DocumentARN        string
	DefaultDocumentARN string
	Context            Context
}

// EvaluateStartSession decides a session the way Session Manager authorizes
// it, and returns the request that decided. A named document is authorized
// with the target, and the document access check is made
// (ssm:SessionDocumentAccessCheck is true). Without a document name, "the
// session starts even if the user's IAM policy doesn't grant explicit
// permission to access the SSM-SessionManagerRunShell document": the target
// alone is authorized, unless the statements that allow it carry
// {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}}, in which case
// access to the default document must be granted explicitly too
// (Systems Manager User Guide, "Enforce a session document permission check
// for the AWS CLI" and "Start a session with a document by specifying the
// session documents in IAM policies":
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-sessiondocumentaccesscheck.html
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-specify-session-document.html).
// Modelled as: without a
// document name the key is false, so such statements do not apply; with the
// check it is true and the document must be allowed.
func EvaluateStartSession(s SessionRequest, set Set) (Result, Request, error) {
	withKey := func(v string) Context {
		c := make(Context, len(s.Context)+1)
		for k, val := range s.Context {
			c[k] = val
		}
		c.Set(KeySessionDocumentAccessCheck, v)
		return c
	}
	if s.DocumentARN != "" {
		req := StartSessionRequest(s.Principal, s.Target, s.DocumentARN, withKey("true"))
		res, err := Evaluate(req, set)
		return res, req, err
	}
	unchecked := StartSessionRequest(s.Principal, s.Target, "", withKey("false"))
	res, err := Evaluate(unchecked, set)
	if err != nil || res.Allowed() || res.Decision == ExplicitDeny || s.DefaultDocumentARN == "" {
		return res, unchecked, err
	}
	checked := StartSessionRequest(s.Principal, s.Target, "", withKey("true"))
	if res, err = Evaluate(checked, set); err != nil || !res.Allowed() {
		// Not allowed even with the check made: the target's own reasons decide.
		return res, checked, err
	}
	both := StartSessionRequest(s.Principal, s.Target, s.DefaultDocumentARN, withKey("true"))
	res, err = Evaluate(both, set)
	return res, both, err
}
