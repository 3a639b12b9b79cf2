package seed

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

func (as *accountSeeder) keys(ctx context.Context) error {
	for _, k := range as.a.KMSKeys {
		client := kms.NewFromConfig(as.cfg(k.Region))
		policy, err := as.doc(k.Policy)
		if err != nil {
			return fmt.Errorf("key %s: %w", k.Alias, err)
		}
		out, err := client.CreateKey(ctx, &kms.CreateKeyInput{Description: optional(k.Description), Policy: policy})
		if err != nil {
			return fmt.Errorf("key %s: %w", k.Alias, err)
		}
		as.res.KeyARNs[k.Alias] = aws.ToString(out.KeyMetadata.Arn)
		as.res.KeyAliases[as.a.ID+"/"+k.Region+"/"+k.Alias] = aws.ToString(out.KeyMetadata.Arn)
		if _, err := client.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/" + k.Alias), TargetKeyId: out.KeyMetadata.KeyId}); err != nil {
			return fmt.Errorf("alias %s: %w", k.Alias, err)
		}
		for _, g := range k.Grants {
			ops := make([]kmstypes.GrantOperation, len(g.Operations))
			for i, o := range g.Operations {
				ops[i] = kmstypes.GrantOperation(o)
			}
			grantee, err := scenarioExpand(as, g.Grantee)
			if err != nil {
				return err
			}
			if _, err := client.CreateGrant(ctx, &kms.CreateGrantInput{KeyId: out.KeyMetadata.KeyId, GranteePrincipal: aws.String(grantee),
				Operations: ops, Name: optional(g.Name)}); err != nil {
				return fmt.Errorf("grant on %s: %w", k.Alias, err)
			}
		}
	}
	return nil
}

func (as *accountSeeder) keyARN(ref string) string {
	if ref == "" || strings.HasPrefix(ref, "arn:") {
		return ref
	}
	return as.res.KeyARNs[ref]
}

func (as *accountSeeder) logging(ctx context.Context) error {
	for _, g := range as.a.LogGroups {
		logs := cloudwatchlogs.NewFromConfig(as.cfg(g.Region))
		if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(g.Name), KmsKeyId: optional(as.keyARN(g.KMSKey))}); err != nil {
			return fmt.Errorf("log group %s: %w", g.Name, err)
		}
	}
	for _, b := range as.a.Buckets {
		client := s3.NewFromConfig(as.cfg(b.Region), func(o *s3.Options) { o.UsePathStyle = true })
		in := &s3.CreateBucketInput{Bucket: aws.String(b.Name)}
		if b.Region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(b.Region)}
		}
		if _, err := client.CreateBucket(ctx, in); err != nil {
			return fmt.Errorf("bucket %s: %w", b.Name, err)
		}
		if b.KMSKey != "" {
			rule := s3types.ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
				SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(as.keyARN(b.KMSKey))}}
			if _, err := client.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(b.Name),
				ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{rule}}}); err != nil {
				return fmt.Errorf("bucket %s encryption: %w", b.Name, err)
			}
		}
		if policy, err := as.doc(b.Policy); err != nil || policy != nil {
			if err != nil {
				return fmt.Errorf("bucket %s policy: %w", b.Name, err)
			}
			if _, err := client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(b.Name), Policy: policy}); err != nil {
				return fmt.Errorf("bucket %s policy: %w", b.Name, err)
			}
		}
	}
	return nil
}

// SessionDocument renders Session Manager preferences the way the console saves them
// in SSM-SessionManagerRunShell (schemaVersion 1.0, sessionType Standard_Stream).
func SessionDocument(p scenario.SessionPreferences, kmsKeyID string) (string, error) {
	inputs := map[string]any{
		"s3BucketName": p.S3BucketName, "s3KeyPrefix": p.S3KeyPrefix, "s3EncryptionEnabled": p.S3EncryptionEnabled,
		"cloudWatchLogGroupName": p.CloudWatchLogGroupName, "cloudWatchEncryptionEnabled": p.CloudWatchEncryptionEnabled,
		"cloudWatchStreamingEnabled": p.CloudWatchStreamingEnabled, "kmsKeyId": kmsKeyID,
		"runAsEnabled": p.RunAsEnabled, "runAsDefaultUser": p.RunAsDefaultUser,
		"idleSessionTimeout": cmp.Or(p.IdleSessionTimeout, "20"), "maxSessionDuration": p.MaxSessionDuration,
		"shellProfile": map[string]string{"linux": p.ShellProfileLinux, "windows": p.ShellProfileWindows},
	}
	b, err := json.MarshalIndent(map[string]any{"schemaVersion": "1.0", "description": "Document to hold regional settings for Session Manager",
		"sessionType": "Standard_Stream", "inputs": inputs}, "", "  ")
	return string(b), err
}

// sessionPreferences writes SSM-SessionManagerRunShell in every region that has preferences.
func (as *accountSeeder) sessionPreferences(ctx context.Context) error {
	for _, region := range as.a.AccountRegions() {
		p, _ := as.a.Settings(region)
		if p == nil {
			continue
		}
		content, err := SessionDocument(*p, as.keyARN(p.KMSKey))
		if err != nil {
			return err
		}
		if _, err := ssm.NewFromConfig(as.cfg(region)).CreateDocument(ctx, &ssm.CreateDocumentInput{Name: aws.String("SSM-SessionManagerRunShell"),
			Content: aws.String(content), DocumentType: ssmtypes.DocumentTypeSession, DocumentFormat: ssmtypes.DocumentFormatJson}); err != nil {
			return fmt.Errorf("%s: %w", region, err)
		}
	}
	return nil
}

func scenarioExpand(as *accountSeeder, s string) (string, error) {
	return scenario.Expand(s, lookup(as.sc, as.res))
}
