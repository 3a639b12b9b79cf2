package policy

import "testing"

// Examples from the IAM User Guide, with the decisions the pages state.
func TestIAMUserGuideExamples(t *testing.T) {
	// reference_policies_evaluation-logic.html, "Example identity-based and
	// resource-based policy evaluation" (Carlos and his buckets).
	carlos := "arn:aws:iam::123456789012:user/carlossalazar"
	carlosIdentity := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"},
		{"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]},
		{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}]}`
	carlosBucket := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/carlossalazar"},"Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}]}`

	// access_policies_boundaries.html: ShirleyRodriguez's boundary allows only
	// S3, CloudWatch and EC2, so iam:CreateUser fails even though her policy allows it.
	shirley := "arn:aws:iam::123456789012:user/ShirleyRodriguez"
	shirleyBoundary := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}]}`
	shirleyIdentity := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}}`

	// reference_policies_evaluation-logic.html, "The difference between explicit
	// and implicit denies": Get*/List* allowed, *Report explicitly denied.
	reports := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"},
		{"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}]}`

	tests := []struct {
		name, principal, action, resource string
		identity, boundary, resourcePol   string
		want                              Decision
	}{
		{"Carlos saves to carlossalazar-logs: explicit deny", carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/file", carlosIdentity, "", carlosBucket, ExplicitDeny},
		{"Carlos saves to carlossalazar: allowed", carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file", carlosIdentity, "", carlosBucket, Allowed},
		{"bucket policy alone suffices in the same account", carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file", `{"Version":"2012-10-17","Statement":[]}`, "", carlosBucket, Allowed},
		{"Shirley cannot create a user", shirley, "iam:CreateUser", "arn:aws:iam::123456789012:user/new", shirleyIdentity, shirleyBoundary, "", ImplicitDeny},
		{"Get actions allowed", shirley, "iam:GetUser", "*", reports, "", "", Allowed},
		{"iam:CreatePolicy implicitly denied", shirley, "iam:CreatePolicy", "*", reports, "", "", ImplicitDeny},
		{"iam:GetOrganizationsAccessReport explicitly denied", shirley, "iam:GetOrganizationsAccessReport", "*", reports, "", "", ExplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := Set{Identity: []*Policy{mustParse(t, "identity", KindIdentity, tt.identity)}}
			if tt.boundary != "" {
				set.Boundaries = []*Policy{mustParse(t, "boundary", KindBoundary, tt.boundary)}
			}
			if tt.resourcePol != "" {
				set.Resource = mustParse(t, "bucket", KindResource, tt.resourcePol)
			}
			c := Context{}
			c.Set("aws:ResourceAccount", "123456789012")
			req := Request{Principal: tt.principal, Action: tt.action, Resources: []Resource{{ARN: tt.resource, Context: c}}}
			if got := decide(t, req, set); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
}
