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
