package main

import (
	"errors"
	"strings"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/identity"
)

const titleCredentials = "the credentials work now"

// credentialsCheck turns the identity ssm-whoami would print into the first
// check: pass, log in first (exit 4), a bad profile (exit 2) or unknown.
func credentialsCheck(id identity.Identity) check.Check {
	if id.OK() {
		reason := "profile " + id.Profile + " is " + id.ARN
		if id.SSOTokenExpiresAt != nil {
			reason += " (SSO token valid until " + id.SSOTokenExpiresAt.UTC().Format("2006-01-02 15:04Z") + ")"
		}
		if id.Cached {
			reason += ", as cached"
		}
		return check.New(access.CheckCredentials, titleCredentials, check.Pass, reason)
	}
	c := check.New(access.CheckCredentials, titleCredentials, check.Unknown, id.Error)
	switch id.Code {
	case exitcode.Credentials:
		c.Status, c.Class = check.Fail, awsclient.ClassSSOLogin
	case exitcode.Usage:
		c.Status, c.Class = check.Fail, awsclient.ClassConfig
	case exitcode.Interrupted:
		c.Class = awsclient.ClassInterrupted
	}
	if id.Fix != "" {
		f := check.Fix{Text: id.Fix}
		if strings.HasPrefix(id.Fix, "aws ") {
			f = check.Fix{Text: "log in first", Command: id.Fix}
		}
		c = c.WithFixes(f)
	}
	return c
}

// errOtherAccount is --as-role naming a role the profile's account cannot read.
var errOtherAccount = errors.New("other account")

// subjectOf is the principal to evaluate: the caller the identity names, or
// the --as-role role read with the caller's credentials.
func subjectOf(id identity.Identity, o liveOptions) (access.Subject, error) {
	s := access.Subject{Credentials: credentialsCheck(id), Tags: o.tags, TagsGiven: o.tagsGiven}
	p := access.Principal{Profile: id.Profile, ARN: id.ARN, Type: id.PrincipalType, PermissionSet: id.PermissionSet,
		RoleARN: id.RoleARN, AccountID: id.AccountID}
	if o.asRole != nil {
		if o.asRole.AccountID != id.AccountID {
			return s, errOtherAccount
		}
		s.Principal = access.Principal{Profile: id.Profile, ARN: o.asRole.ARN, Type: string(arn.Role), RoleARN: o.asRole.ARN, AccountID: id.AccountID}
		s.EvalARN, s.Policies, s.Session = o.asRole.ARN, access.Source{Kind: "role", Name: o.asRole.ARN}, true
		if ps, ok := arn.PermissionSet(o.asRole.RoleName); ok {
			s.Principal.PermissionSet = ps
		}
		return s, nil
	}
	s.Principal, s.EvalARN, s.UserID = p, id.ARN, id.UserID
	pr, err := arn.ParsePrincipal(id.ARN)
	if err != nil {
		return s, nil // the record's credentials check already says what failed
	}
	switch pr.Type {
	case arn.SSO, arn.AssumedRole:
		s.Policies, s.SessionName, s.Session = access.Source{Kind: "role", Name: pr.RoleName}, pr.SessionName, true
	case arn.IAMUser:
		s.Policies, s.SessionName = access.Source{Kind: "user", Name: pr.Name}, pr.Name
		s.Principal.UserARN = id.ARN
	case arn.FederatedUser:
		s.Policies = access.Source{Kind: "federated"}
		s.Session = true
	}
	return s, nil
}
