package readiness

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/target"
)

// nodeOf is a resolved target as the checks see it: the EC2 side and the
// Systems Manager side in the SDK's shapes.
func nodeOf(t target.Target) Node {
	n := Node{ID: t.ID, Region: t.Region}
	if !t.IsManagedInstance() {
		in := &ec2types.Instance{
			InstanceId: aws.String(t.ID), State: &ec2types.InstanceState{Name: ec2types.InstanceStateName(t.State)},
			PlatformDetails: aws.String(t.Platform), VpcId: aws.String(t.VPCID), SubnetId: aws.String(t.SubnetID),
			PrivateIpAddress: aws.String(t.PrivateIP),
		}
		if t.PublicIP != "" {
			in.PublicIpAddress = aws.String(t.PublicIP)
		}
		for k, v := range t.Tags {
			in.Tags = append(in.Tags, ec2types.Tag{Key: aws.String(k), Value: aws.String(v)})
		}
		if t.InstanceProfileARN != "" {
			in.IamInstanceProfile = &ec2types.IamInstanceProfile{Arn: aws.String(t.InstanceProfileARN)}
		}
		if t.IMDSHttpTokens != "" {
			in.MetadataOptions = &ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensState(t.IMDSHttpTokens)}
		}
		n.Instance = in
	}
	if s := t.Node; s != nil {
		n.Info = &ssmtypes.InstanceInformation{
			InstanceId: aws.String(t.ID), PingStatus: ssmtypes.PingStatus(s.PingStatus), LastPingDateTime: s.LastPingAt,
			AgentVersion: aws.String(s.AgentVersion), IsLatestVersion: s.IsLatestVersion, PlatformType: ssmtypes.PlatformType(s.PlatformType),
			PlatformName: aws.String(s.PlatformName), ResourceType: ssmtypes.ResourceType(s.ResourceType), Name: aws.String(s.Name),
			IamRole: aws.String(s.IAMRole),
		}
	}
	return n
}

// prefsOf is the preferences document's inputs as the checks read them; a
// node's shell profile is its platform's.
func prefsOf(p gather.Preferences, platform string) Preferences {
	out := Preferences{Found: p.Found, KMSKeyID: p.KMSKeyID, S3BucketName: p.S3BucketName, S3KeyPrefix: p.S3KeyPrefix,
		S3EncryptionEnabled: p.S3EncryptionEnabled, CloudWatchLogGroupName: p.CloudWatchLogGroupName,
		CloudWatchEncryptionEnabled: p.CloudWatchEncryptionEnabled, CloudWatchStreamingEnabled: p.CloudWatchStreamingEnabled,
		RunAsEnabled: p.RunAsEnabled, RunAsDefaultUser: p.RunAsDefaultUser, IdleSessionTimeout: p.IdleSessionTimeout,
		MaxSessionDuration: p.MaxSessionDuration, ShellProfile: p.ShellProfile.Linux}
	if platform == "Windows" {
		out.ShellProfile = p.ShellProfile.Windows
	}
	return out
}

// roleOf is a role's policies ready for the evaluator: identity policies,
// boundary and, when readable, the SCPs over the account.
func roleOf(p gather.Policies, org *gather.OrgPolicies) Role {
	r := Role{ARN: p.ARN, Name: p.Name, Set: policy.Set{Identity: p.Identity}}
	if p.Boundary != nil {
		r.Set.Boundaries = []*policy.Policy{p.Boundary}
	}
	if org != nil && !org.NoOrganization && !org.Management {
		r.Set.SCPs = org.SCPs
	}
	for _, s := range p.Sources {
		if s.Type == "managed" && s.ARN != "" {
			r.ManagedPolicies = append(r.ManagedPolicies, s.ARN)
		}
	}
	return r
}
