package access

import (
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/target"
)

const (
	acct    = "925774240130"
	region  = "eu-west-1"
	keyARN  = "arn:aws:kms:eu-west-1:925774240130:key/386ad76a-ab35-45ef-9bd6-04a008ddd4ef"
	psRole  = "AWSReservedSSO_EC2-SSM-PortForward_c20995a0822fa8ba"
	session = "arn:aws:sts::925774240130:assumed-role/" + psRole + "/a-a836660"
	userID  = "AROAEXAMPLE:a-a836660"

	// portForwardSet is the seed scenario's EC2-SSM-PortForward permission set.
	portForwardSet = `{"Version":"2012-10-17","Statement":[
	{"Sid":"StartPortForwardingOnTaggedInstances","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:925774240130:instance/*",
	 "Condition":{"StringEquals":{"ssm:resourceTag/ssmaccess":"true"},"BoolIfExists":{"ssm:SessionDocumentAccessCheck":"true"}}},
	{"Sid":"PortForwardingDocumentOnly","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/AWS-StartPortForwardingSession"},
	{"Sid":"SessionLookups","Effect":"Allow","Action":["ssm:DescribeSessions","ssm:GetConnectionStatus","ssm:DescribeInstanceInformation","ssm:DescribeInstanceProperties","ec2:DescribeInstances"],"Resource":"*"},
	{"Sid":"OwnSessionLifecycle","Effect":"Allow","Action":["ssm:TerminateSession","ssm:ResumeSession"],"Resource":"arn:aws:ssm:*:*:session/*",
	 "Condition":{"StringLike":{"ssm:resourceTag/aws:ssmmessages:session-id":["${aws:userid}"]}}},
	{"Sid":"SessionKeyDecrypt","Effect":"Allow","Action":"kms:Decrypt","Resource":"` + keyARN + `"}]}`
	adminSet  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	keyPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",
	 "Principal":{"AWS":"arn:aws:iam::925774240130:root"},"Action":"kms:*","Resource":"*"}]}`
	denyOutsideEU = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideEU","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*",
	 "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]}`
	fullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
)

func parse(t *testing.T, name string, kind policy.Kind, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, kind, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// inputs is an SSO session of a permission set holding doc, in the seed
// account, with the seed's preferences and key.
func inputs(t *testing.T, permissionSet, doc string) *Inputs {
	t.Helper()
	role := "AWSReservedSSO_" + permissionSet + "_c20995a0822fa8ba"
	return &Inputs{
		Principal: Principal{Profile: "ops", ARN: "arn:aws:sts::925774240130:assumed-role/" + role + "/a-a836660", Type: "sso",
			PermissionSet: permissionSet, RoleARN: "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/" + role, AccountID: acct},
		EvalARN: "arn:aws:sts::925774240130:assumed-role/" + role + "/a-a836660", SessionName: "a-a836660", UserID: userID,
		Partition: "aws", Region: region, Now: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC),
		Credentials: check.New(CheckCredentials, "credentials", check.Pass, "SSO token valid"),
		Policies: gather.Policies{ARN: "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/" + role, Name: role,
			Identity: []*policy.Policy{parse(t, "AwsSSOInlinePolicy", policy.KindIdentity, doc)},
			Sources:  []gather.Source{{Name: "AwsSSOInlinePolicy", Type: "inline", Owner: role}}},
		Orgs:        gather.OrgPolicies{Levels: []string{"r-1", acct}, SCPs: [][]*policy.Policy{{parse(t, "FullAWSAccess", policy.KindSCP, fullAccess), parse(t, "DenyOutsideEU", policy.KindSCP, denyOutsideEU)}, {parse(t, "FullAWSAccess", policy.KindSCP, fullAccess)}}},
		Preferences: gather.Preferences{Found: true, KMSKeyID: keyARN},
		Keys: map[string]KeyInfo{keyARN: {Key: &gather.Key{ARN: keyARN, ID: "386ad76a-ab35-45ef-9bd6-04a008ddd4ef", Account: acct,
			Policy: parse(t, "key policy of 386ad76a", policy.KindResource, keyPolicy)}}},
		TagsKnown: false,
	}
}

func instanceState(id, name string, tags map[string]string, ping, connection string) TargetState {
	if tags == nil {
		tags = map[string]string{}
	}
	tags["Name"] = name
	t := &target.Target{ID: id, Name: name, AccountID: acct, Region: region, Partition: "aws", State: "running", Tags: tags,
		Node: &target.Node{PingStatus: ping, AgentVersion: "3.3.1142.0"}}
	return TargetState{Spec: id, Target: t, Connection: connection, Account: acct, Region: region}
}

var (
	app01 = func() TargetState {
		return instanceState("i-0bf3b904b5fe9bf02", "cast-dev-app01", map[string]string{"ssmaccess": "true"}, "Online", "connected")
	}
	db01 = func() TargetState {
		return instanceState("i-0469a9c7117edb2ba", "cast-dev-db01", nil, "Online", "connected")
	}
)

func sessionOf(t *testing.T, k Kind) SessionDoc {
	t.Helper()
	s, err := SessionOf(k)
	if err != nil {
		t.Fatal(err)
	}
	return DocFor(s)
}

func denied(service, op, code string) error {
	return &smithy.OperationError{ServiceID: service, OperationName: op, Err: &smithy.GenericAPIError{Code: code, Message: "not authorized"}}
}
