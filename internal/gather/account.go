package gather

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/check"
)

// SettingsAPI is the Systems Manager service-setting read.
type SettingsAPI interface {
	GetServiceSetting(context.Context, *ssm.GetServiceSettingInput, ...func(*ssm.Options)) (*ssm.GetServiceSettingOutput, error)
}

// LogsAPI is the CloudWatch Logs read for the preferences' log group.
type LogsAPI interface {
	DescribeLogGroups(context.Context, *cloudwatchlogs.DescribeLogGroupsInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error)
}

// BucketAPI is the S3 read for the preferences' bucket: GetBucketEncryption
// tells both whether it exists and whether it is encrypted by default
// (HeadBucket would do for existence, but a Head is not a plain read).
type BucketAPI interface {
	GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error)
}

// The service settings readiness reads, once per account and region
// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetServiceSetting.html).
const (
	SettingDHMC           = "/ssm/managed-instance/default-ec2-instance-management-role"
	SettingActivationTier = "/ssm/managed-instance/activation-tier"
)

// Account reads the account-wide state of one region: service settings, the
// preferences' log group and bucket; each once per run.
type Account struct {
	SSM  SettingsAPI
	Logs LogsAPI
	S3   BucketAPI

	settings memo[string]
	groups   memo[LogGroup]
	buckets  memo[Bucket]
}

// Setting reads a service setting's value (ssm:GetServiceSetting).
func (a *Account) Setting(ctx context.Context, id string) (string, error) {
	return a.settings.Do(id, func() (string, error) {
		out, err := a.SSM.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: aws.String(id)})
		if err != nil {
			return "", check.Read("ssm:GetServiceSetting", id, err)
		}
		if out.ServiceSetting == nil {
			return "", nil
		}
		return aws.ToString(out.ServiceSetting.SettingValue), nil
	})
}

// LogGroup is a CloudWatch Logs group as the logging check needs it.
type LogGroup struct {
	Name     string
	Exists   bool
	KMSKeyID string
}

// LogGroup looks a log group up by its exact name
// (logs:DescribeLogGroups with the name as prefix, paged).
func (a *Account) LogGroup(ctx context.Context, name string) (LogGroup, error) {
	return a.groups.Do(name, func() (LogGroup, error) {
		g := LogGroup{Name: name}
		p := cloudwatchlogs.NewDescribeLogGroupsPaginator(a.Logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				return g, check.Read("logs:DescribeLogGroups", name, err)
			}
			for _, lg := range out.LogGroups {
				if aws.ToString(lg.LogGroupName) == name {
					g.Exists, g.KMSKeyID = true, aws.ToString(lg.KmsKeyId)
					return g, nil
				}
			}
		}
		return g, nil
	})
}

// Bucket is an S3 bucket as the logging check needs it.
type Bucket struct {
	Name      string
	Exists    bool
	Encrypted bool
}

// Bucket reads a bucket's default encryption (s3:GetEncryptionConfiguration):
// NoSuchBucket means it does not exist, no configuration that it is not
// encrypted by default.
func (a *Account) Bucket(ctx context.Context, name string) (Bucket, error) {
	return a.buckets.Do(name, func() (Bucket, error) {
		b := Bucket{Name: name}
		out, err := a.S3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(name)})
		var api smithy.APIError
		switch {
		case err == nil:
			b.Exists = true
			b.Encrypted = out.ServerSideEncryptionConfiguration != nil && len(out.ServerSideEncryptionConfiguration.Rules) > 0
			return b, nil
		case errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket":
			return b, nil
		case errors.As(err, &api) && api.ErrorCode() == "ServerSideEncryptionConfigurationNotFoundError":
			b.Exists = true
			return b, nil
		}
		return b, check.Read("s3:GetEncryptionConfiguration", name, err)
	})
}

// IsNotFound reports a GetServiceSetting answer for a setting never set.
func IsNotFound(err error) bool {
	var nf *ssmtypes.ServiceSettingNotFound
	return errors.As(err, &nf)
}
