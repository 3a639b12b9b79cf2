package gateway

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Wire protocols, which decide how errors are encoded.
const (
	protoQuery    = "query"     // IAM, STS: XML <ErrorResponse>
	protoEC2      = "ec2"       // EC2: XML <Response><Errors>
	protoJSON     = "json"      // SSM, KMS, SSO admin, ...: {"__type": ...}
	protoRestJSON = "rest-json" // SSO portal: x-amzn-ErrorType header
	protoRestXML  = "rest-xml"  // S3: <Error><Code>
)

// request is what the gateway knows about a call before answering it.
type request struct {
	Service   string
	Operation string
	Protocol  string
	AccessKey string
	Region    string
	// Form holds query-protocol parameters.
	Form url.Values
	// Enterprise is set when an identity store call asks for the enterprise extension.
	Enterprise bool
}

// targetServices maps X-Amz-Target prefixes of JSON protocols to CLI service names.
var targetServices = map[string]string{
	"AmazonSSM":                          "ssm",
	"TrentService":                       "kms",
	"SWBExternalService":                 "sso-admin",
	"AWSIdentityStore":                   "identitystore",
	"AWSOrganizationsV20161128":          "organizations",
	"Logs_20140328":                      "logs",
	"AWSSecurityTokenServiceV20110615":   "sts",
	"AWSIdentityManagementV20100508":     "iam",
	"AmazonEC2ContainerServiceV20141113": "ecs",
}

var credentialScope = regexp.MustCompile(`Credential=([A-Z0-9]+)/[0-9]{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

// classify names the service, operation and protocol of a request from its headers and body.
func classify(method, path string, query url.Values, h http.Header, body []byte) request {
	var r request
	if m := credentialScope.FindStringSubmatch(h.Get("Authorization")); m != nil {
		r.AccessKey, r.Region, r.Service = m[1], m[2], m[3]
	}
	if target := h.Get("X-Amz-Target"); target != "" {
		prefix, op, _ := strings.Cut(target, ".")
		r.Protocol, r.Operation = protoJSON, op
		if s, ok := targetServices[prefix]; ok {
			r.Service = s
		}
		if r.Service == "identitystore" {
			var in struct{ Extensions []string }
			_ = json.Unmarshal(body, &in)
			r.Enterprise = slices.Contains(in.Extensions, enterpriseExtension)
		}
		return r
	}
	if h.Get("X-Amz-Sso_bearer_token") != "" || isPortalPath(path) {
		r.Service, r.Protocol, r.Operation = "sso", protoRestJSON, portalOperation(method, path)
		return r
	}
	form := query
	if strings.HasPrefix(h.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if f, err := url.ParseQuery(string(body)); err == nil {
			form = f
		}
	}
	if action := form.Get("Action"); action != "" {
		r.Form, r.Operation, r.Protocol = form, action, protoQuery
		if r.Service == "ec2" {
			r.Protocol = protoEC2
		}
		return r
	}
	if r.Service == "s3" {
		r.Protocol, r.Operation = protoRestXML, s3Operation(method, path, query)
		return r
	}
	r.Protocol, r.Operation = protoRestJSON, method+" "+path
	return r
}

func isPortalPath(path string) bool {
	return strings.HasPrefix(path, "/federation/credentials") || strings.HasPrefix(path, "/assignment/") || path == "/logout"
}

func portalOperation(method, path string) string {
	switch {
	case strings.HasPrefix(path, "/federation/credentials"):
		return "GetRoleCredentials"
	case path == "/assignment/accounts":
		return "ListAccounts"
	case path == "/assignment/roles":
		return "ListAccountRoles"
	case path == "/logout":
		return "Logout"
	}
	return method + " " + path
}

// s3SubResources maps a bucket sub-resource to the name part of its Get/Put/Delete operation.
var s3SubResources = map[string]string{
	"policy": "BucketPolicy", "encryption": "BucketEncryption", "location": "BucketLocation",
	"acl": "BucketAcl", "versioning": "BucketVersioning", "logging": "BucketLogging",
	"tagging": "BucketTagging", "ownershipControls": "BucketOwnershipControls",
	"publicAccessBlock": "PublicAccessBlock", "policyStatus": "BucketPolicyStatus",
	"lifecycle": "BucketLifecycleConfiguration", "notification": "BucketNotificationConfiguration",
}

// s3Operation names an S3 REST call well enough for the audit's read-only check.
func s3Operation(method, path string, q url.Values) string {
	parts := strings.SplitN(strings.Trim(path, "/"), "/", 2)
	bucket, key := parts[0], ""
	if len(parts) == 2 {
		key = parts[1]
	}
	verb := map[string]string{"GET": "Get", "PUT": "Put", "DELETE": "Delete", "HEAD": "Head", "POST": "Post"}[method]
	switch {
	case bucket == "" && method == "GET":
		return "ListBuckets"
	case key == "":
		for sub, name := range s3SubResources {
			if _, ok := q[sub]; ok {
				return verb + name
			}
		}
		switch method {
		case "GET":
			if q.Get("list-type") == "2" {
				return "ListObjectsV2"
			}
			return "ListObjects"
		case "PUT":
			return "CreateBucket"
		case "POST":
			if _, ok := q["delete"]; ok {
				return "DeleteObjects"
			}
		}
		return verb + "Bucket"
	default:
		if _, ok := q["tagging"]; ok {
			return verb + "ObjectTagging"
		}
		return verb + "Object"
	}
}
