package gather

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/check"
)

const keyARN = "arn:aws:kms:eu-west-1:925774240130:key/386ad76a-ab35-45ef-9bd6-04a008ddd4ef"

type fakeKMS struct {
	counter
	denyPolicy bool
}

func (f *fakeKMS) DescribeKey(_ context.Context, in *kms.DescribeKeyInput, _ ...func(*kms.Options)) (*kms.DescribeKeyOutput, error) {
	defer f.enter("DescribeKey")()
	return &kms.DescribeKeyOutput{KeyMetadata: &kmstypes.KeyMetadata{Arn: aws.String(keyARN), KeyId: aws.String("386ad76a-ab35-45ef-9bd6-04a008ddd4ef"),
		AWSAccountId: aws.String("925774240130"), KeyState: kmstypes.KeyStateEnabled}}, nil
}

func (f *fakeKMS) GetKeyPolicy(context.Context, *kms.GetKeyPolicyInput, ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error) {
	defer f.enter("GetKeyPolicy")()
	if f.denyPolicy {
		return nil, &smithy.GenericAPIError{Code: "AccessDeniedException"}
	}
	return &kms.GetKeyPolicyOutput{Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",
		"Principal":{"AWS":"arn:aws:iam::925774240130:root"},"Action":"kms:*","Resource":"*"}]}`)}, nil
}

func (f *fakeKMS) ListGrants(context.Context, *kms.ListGrantsInput, ...func(*kms.Options)) (*kms.ListGrantsOutput, error) {
	defer f.enter("ListGrants")()
	return &kms.ListGrantsOutput{Grants: []kmstypes.GrantListEntry{{GrantId: aws.String("g1"), GranteePrincipal: aws.String("arn:aws:iam::925774240130:role/R"),
		Operations: []kmstypes.GrantOperation{kmstypes.GrantOperationGenerateDataKey}}}}, nil
}

func TestKeyByAliasWithPolicyAndGrants(t *testing.T) {
	f := &fakeKMS{}
	r := New(Clients{KMS: f}, 0)
	k, err := r.Key(context.Background(), "alias/session-manager")
	if err != nil || k.ARN != keyARN || k.Policy == nil || k.PolicyErr != nil {
		t.Fatalf("Key = %+v, %v", k, err)
	}
	g, err := r.Grants(context.Background(), k.ARN)
	if err != nil || len(g) != 1 || g[0].Operations[0] != "GenerateDataKey" {
		t.Errorf("Grants = %+v, %v", g, err)
	}
	k2, err := New(Clients{KMS: &fakeKMS{denyPolicy: true}}, 0).Key(context.Background(), keyARN)
	if err != nil || k2.Policy != nil || !check.Denied(k2.PolicyErr) {
		t.Errorf("an unreadable key policy: %+v, %v; want the key with PolicyErr", k2, err)
	}
}

type fakeDocs struct {
	counter
	docs map[string]string
}

func (f *fakeDocs) GetDocument(_ context.Context, in *ssm.GetDocumentInput, _ ...func(*ssm.Options)) (*ssm.GetDocumentOutput, error) {
	defer f.enter("GetDocument")()
	c, ok := f.docs[aws.ToString(in.Name)]
	if !ok {
		return nil, &ssmtypes.InvalidDocument{Message: aws.String("The specified document does not exist.")}
	}
	return &ssm.GetDocumentOutput{Content: aws.String(c), DocumentType: ssmtypes.DocumentTypeSession, DocumentFormat: ssmtypes.DocumentFormatJson}, nil
}

func TestPreferences(t *testing.T) {
	none, err := New(Clients{SSM: &fakeDocs{}}, 0).Preferences(context.Background())
	if err != nil || none.Found {
		t.Errorf("no preferences document: %+v, %v; want defaults, no error", none, err)
	}
	f := &fakeDocs{docs: map[string]string{PreferencesDocument: `{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{
		"kmsKeyId":"alias/session-manager","s3BucketName":"logs","s3EncryptionEnabled":"true","cloudWatchEncryptionEnabled":true,
		"runAsEnabled":false,"idleSessionTimeout":"20","shellProfile":{"linux":"bash","windows":""}}}`,
		"AWS-StartSSHSession": `{"schemaVersion":"1.0","sessionType":"Port","inputs":{}}`}}
	r := New(Clients{SSM: f}, 0)
	got, err := r.Preferences(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Preferences{Found: true, KMSKeyID: "alias/session-manager", S3BucketName: "logs", S3EncryptionEnabled: true,
		CloudWatchEncryptionEnabled: true, IdleSessionTimeout: "20"}
	want.ShellProfile.Linux = "bash"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if _, err := r.Preferences(context.Background()); err != nil || f.count("GetDocument") != 1 {
		t.Errorf("second read: %v after %d calls; want no new call", err, f.count("GetDocument"))
	}
	d, err := r.Document(context.Background(), "AWS-StartSSHSession")
	if err != nil || d.SessionType != "Port" {
		t.Errorf("Document = %+v, %v", d, err)
	}
}
