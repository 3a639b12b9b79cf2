package seed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// ReservedRoleName is the role Identity Center provisions for a permission set in an
// account: AWSReservedSSO_<PermissionSet>_<16 hex>. AWS picks the suffix at random; the
// sandbox derives it from the account and name so tests can predict it.
func ReservedRoleName(account, permissionSet string) string {
	sum := sha256.Sum256([]byte(account + "/" + permissionSet))
	return fmt.Sprintf("AWSReservedSSO_%s_%s", permissionSet, hex.EncodeToString(sum[:8]))
}

// ReservedRolePath is the path of Identity Center roles; us-east-1 has no region segment
// (https://masterpoint.io/blog/fix-iam-trust-policy-errors-with-aws-sso-regional-arn,
// https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html).
func ReservedRolePath(region string) string {
	if region == "us-east-1" {
		return "/aws-reserved/sso.amazonaws.com/"
	}
	return "/aws-reserved/sso.amazonaws.com/" + region + "/"
}

// ReservedRoleARN is the full ARN of ReservedRoleName in account.
func ReservedRoleARN(account, region, permissionSet string) string {
	return fmt.Sprintf("arn:aws:iam::%s:role%s%s", account, ReservedRolePath(region), ReservedRoleName(account, permissionSet))
}
