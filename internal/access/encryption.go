package access

import (
	"errors"
	"strconv"
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/decision"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/target"
)

const (
	titleEncryption = "kms:GenerateDataKey on the session-encryption key"
	// ActionGenerateDataKey is what the client needs on the preferences' key
	// to open an encrypted session (Systems Manager User Guide, "Quickstart
	// end user policies for Session Manager", getting-started-restrict-access-quickstart.html).
	ActionGenerateDataKey = "kms:GenerateDataKey"
)

type encryptionEvidence struct {
	Key         string             `json:"key,omitempty"`
	SessionType string             `json:"sessionType,omitempty"`
	Decision    *decision.Decision `json:"decision,omitempty"`
	Grant       *gather.Grant      `json:"grant,omitempty"`
}

// encryption checks that the principal may use the KMS key sessions of this
// kind are encrypted with: the key policy and the identity side together.
func (in *Inputs) encryption(t *target.Target, doc SessionDoc) check.Check {
	skip := func(reason string) check.Check {
		return check.New(CheckEncryption, titleEncryption, check.Skip, reason)
	}
	if doc.Err != nil {
		c := check.FromError(CheckEncryption, titleEncryption, doc.Err)
		c.Reason = "cannot tell whether " + doc.Session.Document + " encrypts sessions: " + c.Reason
		return c
	}
	if !UsesKMS(doc.SessionType) {
		return skip(doc.Session.Document + " runs in the agent's Port plugin, which does not use the preferences' KMS key")
	}
	keyID := doc.KMSKeyID
	if keyID == "" {
		if in.PreferencesErr != nil {
			c := check.FromError(CheckEncryption, titleEncryption, in.PreferencesErr)
			c.Reason = "cannot read the Session Manager preferences (" + gather.PreferencesDocument + "): " + c.Reason
			return c
		}
		keyID = in.Preferences.KMSKeyID
	}
	if keyID == "" {
		return skip("the session preferences name no KMS key: sessions are not KMS-encrypted")
	}
	ev := encryptionEvidence{Key: keyID, SessionType: doc.SessionType}
	ki, ok := in.Keys[keyID]
	if !ok || ki.Err != nil || ki.Key == nil {
		err := ki.Err
		if err == nil {
			err = errors.New("the key was not read")
		}
		c := check.FromError(CheckEncryption, titleEncryption, err)
		c.Reason = "cannot describe the session key " + keyID + ": " + c.Reason
		return c.WithEvidence(ev)
	}
	key := ki.Key
	ev.Key = key.ARN
	if in.PoliciesErr != nil {
		return check.FromError(CheckEncryption, titleEncryption, in.PoliciesErr).WithEvidence(ev)
	}
	if key.PolicyErr != nil {
		c := check.FromError(CheckEncryption, titleEncryption, key.PolicyErr)
		c.Reason = "the key policy of " + key.ARN + " decides with the identity side and could not be read: " + c.Reason
		return c.WithEvidence(ev)
	}
	set := in.set()
	set.Resource = key.Policy
	ctx := in.requestContext()
	ctx.Set("kms:CallerAccount", in.Principal.AccountID)
	ctx.Set("kms:EncryptionContext:aws:ssm:TargetId", t.ID)
	ctx.SetMulti("kms:EncryptionContextKeys", "aws:ssm:SessionId", "aws:ssm:TargetId")
	req := policy.Request{Principal: in.EvalARN, Action: ActionGenerateDataKey, Resources: []policy.Resource{{ARN: key.ARN}}, Context: ctx}
	res, err := policy.Evaluate(req, set)
	if err != nil {
		return check.New(CheckEncryption, titleEncryption, check.Unknown, "could not evaluate: "+err.Error()).WithEvidence(ev)
	}
	d := decision.New(nil, req, res)
	ev.Decision = &d
	if res.Allowed() {
		return check.New(CheckEncryption, titleEncryption, check.Pass, d.Why()).WithEvidence(ev)
	}
	if res.Decision == policy.ImplicitDeny {
		if g := in.grantFor(ki.Grants); g != nil {
			ev.Grant = g
			return check.New(CheckEncryption, titleEncryption, check.Pass, "allowed by KMS grant "+g.ID+" on "+key.ARN).WithEvidence(ev)
		}
		if ki.GrantsErr != nil {
			c := check.FromError(CheckEncryption, titleEncryption, ki.GrantsErr)
			c.Reason = d.Why() + "; a grant could still allow it, and the grants could not be read: " + c.Reason
			return c.WithEvidence(ev)
		}
	}
	c := check.New(CheckEncryption, titleEncryption, check.Fail, doc.Session.Document+" sessions are encrypted with "+key.ARN+": "+d.Why())
	return c.WithEvidence(ev).WithFixes(in.keyFixes(res, key.ARN)...)
}

// grantFor returns a grant that lets the principal's role or user call
// GenerateDataKey without an encryption-context constraint.
func (in *Inputs) grantFor(grants []gather.Grant) *gather.Grant {
	for _, g := range grants {
		if g.Constrained || (g.GranteePrincipal != in.Policies.ARN && g.GranteePrincipal != in.EvalARN) {
			continue
		}
		for _, op := range g.Operations {
			if op == "GenerateDataKey" {
				return &g
			}
		}
	}
	return nil
}

// keyFixes are the evaluator's fix plus, as the alternative, the key-policy
// statement that names the principal's role or user.
func (in *Inputs) keyFixes(res policy.Result, keyARN string) []check.Fix {
	fixes := in.policyFixes(res)
	if strings.HasPrefix(res.Resources[0].Fix, "remove or narrow") || in.Policies.ARN == "" {
		return fixes
	}
	stmt := `{"Sid":"AllowSessionManagerEncryption","Effect":"Allow","Principal":{"AWS":` + strconv.Quote(in.Policies.ARN) +
		`},"Action":"kms:GenerateDataKey","Resource":"*"}`
	return append(fixes, check.Fix{Text: "or add to the key policy: " + stmt, Where: "key policy of " + keyARN})
}
