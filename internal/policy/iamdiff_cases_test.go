package policy

import "testing"

// Rules where the differential run against an independent evaluator
// (scripts/iamdiff) showed ssmkit deciding wrongly, each with the IAM User
// Guide text that settles it.
func TestPolicyVariablesWithoutValue(t *testing.T) {
	// reference_policies_variables.html#policy-vars-no-value: "If a variable that
	// has no value in the authorization context is used as part of the Resource
	// or NotResource element of a policy, the resource that includes a policy
	// variable with no value will not match any resource."
	notResource := `{"Effect":"Deny","Action":"s3:GetObject","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team}/*"}`
	// The page's own example: "Access is explicitly denied when
	// aws:principaltag/Team is not set."
	docDeny := `{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringNotEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}}`
	obj := bucketARN + "/data/report.csv"
	runEvalCases(t, []evalCase{
		{name: "NotResource entry without value excludes nothing", identity: []string{allowAll, notResource}, principal: sessARN, action: "s3:GetObject", resources: []string{obj}, want: ExplicitDeny},
		{name: "Resource entry without value matches nothing", identity: []string{`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team}/*"}`}, principal: sessARN, action: "s3:GetObject", resources: []string{obj}, want: ImplicitDeny},
		{name: "StringNotEquals against an unset principal tag denies", identity: []string{allowAll, docDeny}, principal: sessARN, action: "s3:GetObject", resources: []string{obj}, context: `{"s3:ExistingObjectTag/Team":"blue"}`, want: ExplicitDeny},
		{name: "StringNotEquals against a set principal tag", identity: []string{allowAll, docDeny}, principal: sessARN, action: "s3:GetObject", resources: []string{obj}, context: `{"s3:ExistingObjectTag/Team":"blue","aws:PrincipalTag/Team":"blue"}`, want: Allowed},
	})
}

func TestResourceVariablesOnlyInResourcePart(t *testing.T) {
	// reference_policies_variables.html#policy-vars-wheretouse: "You can't use a
	// variable to replace parts of the ARN before the fifth colon, such as the
	// service or account."
	param := "arn:aws:ssm:us-east-1:111122223333:parameter/app/alice/db"
	runEvalCases(t, []evalCase{
		{name: "variable in the account field is plain text", identity: []string{`{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:us-east-1:${aws:PrincipalAccount}:parameter/app/*"}`}, principal: userARN, action: "ssm:GetParameter", resources: []string{param}, want: ImplicitDeny},
		{name: "variable in the resource part resolves", identity: []string{`{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:us-east-1:111122223333:parameter/app/${aws:username}/*"}`}, principal: userARN, action: "ssm:GetParameter", resources: []string{param}, want: Allowed},
	})
}
