package gateway

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClassify(t *testing.T) {
	sig := func(svc string) string {
		return "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261121/eu-west-1/" + svc + "/aws4_request, SignedHeaders=host, Signature=abc"
	}
	tests := []struct {
		name          string
		method, path  string
		query         string
		headers       map[string]string
		body          string
		svc, op, prot string
	}{
		{"json target", "POST", "/", "", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeSessions", "Authorization": sig("ssm")}, "{}", "ssm", "DescribeSessions", protoJSON},
		{"sso admin", "POST", "/", "", map[string]string{"X-Amz-Target": "SWBExternalService.ListPermissionSets", "Authorization": sig("sso")}, "{}", "sso-admin", "ListPermissionSets", protoJSON},
		{"query form", "POST", "/", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Authorization": sig("iam")}, "Action=GetRole&RoleName=x", "iam", "GetRole", protoQuery},
		{"ec2 form", "POST", "/", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Authorization": sig("ec2")}, "Action=DescribeVpcEndpoints", "ec2", "DescribeVpcEndpoints", protoEC2},
		{"portal credentials", "GET", "/federation/credentials", "role_name=R&account_id=1", map[string]string{"X-Amz-Sso_bearer_token": "t"}, "", "sso", "GetRoleCredentials", protoRestJSON},
		{"portal accounts", "GET", "/assignment/accounts", "", nil, "", "sso", "ListAccounts", protoRestJSON},
		{"s3 encryption", "GET", "/logs-bucket", "encryption=", map[string]string{"Authorization": sig("s3")}, "", "s3", "GetBucketEncryption", protoRestXML},
		{"s3 put object", "PUT", "/logs-bucket/a/b", "", map[string]string{"Authorization": sig("s3")}, "x", "s3", "PutObject", protoRestXML},
		{"s3 list buckets", "GET", "/", "", map[string]string{"Authorization": sig("s3")}, "", "s3", "ListBuckets", protoRestXML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			q, _ := url.ParseQuery(tt.query)
			r := classify(tt.method, tt.path, q, h, []byte(tt.body))
			if diff := cmp.Diff([]string{tt.svc, tt.op, tt.prot}, []string{r.Service, r.Operation, r.Protocol}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorCodeOf(t *testing.T) {
	tests := []struct{ header, body, want string }{
		{"", `{"__type":"com.amazonaws.kms#AccessDeniedException","message":"no"}`, "AccessDeniedException"},
		{"", `<ErrorResponse><Error><Code>NoSuchEntity</Code></Error></ErrorResponse>`, "NoSuchEntity"},
		{"UnauthorizedException:http://internal", `{"message":"x"}`, "UnauthorizedException"},
		{"", `garbage`, ""},
	}
	for _, tt := range tests {
		if got := errorCodeOf(tt.header, []byte(tt.body)); got != tt.want {
			t.Errorf("errorCodeOf(%q, %q) = %q, want %q", tt.header, tt.body, got, tt.want)
		}
	}
}

func FuzzClassify(f *testing.F) {
	f.Add("POST", "/", "Action=GetRole", "AmazonSSM.X", "application/x-www-form-urlencoded")
	f.Add("GET", "/bucket/key", "tagging=", "", "")
	f.Fuzz(func(t *testing.T, method, path, body, target, ctype string) {
		h := http.Header{}
		h.Set("X-Amz-Target", target)
		h.Set("Content-Type", ctype)
		q, _ := url.ParseQuery(body)
		r := classify(method, path, q, h, []byte(body))
		if r.Protocol == "" {
			t.Fatalf("no protocol for %q %q", method, path)
		}
	})
}
