package policy

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time. Reported next to wall
// time because the shared 2-core machines make wall time swing with load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ns/op metric for the loop that started at start.
func reportCPU(b *testing.B, start time.Duration, ops int) {
	if used := cpuTime() - start; used > 0 && ops > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(ops), "cpu-ns/op")
	}
}

// benchSet is a 20-statement policy set shaped like a real permission set:
// testdata/policy/seed003-production-permission-set.json, session lifecycle, KMS, an SCP
// and a boundary (5 + 9 + 1 + 3 + 2 statements).
func benchSet(b *testing.B) Set {
	b.Helper()
	extra := allowDoc(`
		{"Sid":"Describe","Effect":"Allow","Action":["ec2:Describe*","ssm:Describe*","ssm:Get*","ssm:List*"],"Resource":"*"},
		{"Sid":"PortForward","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/AWS-StartPortForwardingSession"},
		{"Sid":"SSHDoc","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/AWS-StartSSHSession","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
		{"Sid":"OwnSessions","Effect":"Allow","Action":["ssm:ResumeSession","ssm:TerminateSession"],"Resource":"arn:aws:ssm:*:*:session/${aws:userid}-*"},
		{"Sid":"Logs","Effect":"Allow","Action":["logs:PutLogEvents","logs:CreateLogStream"],"Resource":"arn:aws:logs:*:111122223333:log-group:/ssm/*"},
		{"Sid":"S3Logs","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::ssm-logs-111122223333/*"},
		{"Sid":"NoProdFromOutside","Effect":"Deny","Action":"ssm:StartSession","Resource":"*","Condition":{"NotIpAddressIfExists":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]},"StringEquals":{"ssm:resourceTag/tier":"restricted"}}},
		{"Sid":"NoParams","Effect":"Deny","Action":["ssm:PutParameter","ssm:DeleteParameter"],"Resource":"*"},
		{"Sid":"Region","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}`)
	kms := allowDoc(`{"Sid":"Key","Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"arn:aws:kms:*:111122223333:key/*"}`)
	scp := allowDoc(`{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":["organizations:LeaveOrganization","account:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"ssm:UpdateServiceSetting","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}}`)
	pb := allowDoc(`{"Effect":"Allow","Action":["ssm:*","ec2:*","kms:*","logs:*","s3:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"iam:*","Resource":"*"}`)
	return Set{
		Identity: []*Policy{
			loadPolicy(&testing.T{}, "seed003-production-permission-set.json", KindIdentity),
			mustParse(b, "extra", KindIdentity, extra),
			mustParse(b, "kms", KindIdentity, kms),
		},
		SCPs:       [][]*Policy{{mustParse(b, "scp", KindSCP, scp)}},
		Boundaries: []*Policy{mustParse(b, "pb", KindBoundary, pb)},
	}
}

func benchRequest() Request {
	c := Context{}
	c.Set("aws:SourceIp", "10.1.2.3")
	c.Set("aws:RequestedRegion", "us-east-1")
	c.Set("aws:MultiFactorAuthPresent", "true")
	return Request{Principal: ssoARN, Action: "ssm:StartSession", Context: c,
		Resources: []Resource{tagged(instARN, "project", "Production")}}
}

// BenchmarkEvaluate20Statements: one request against a 20-statement policy
// set (target: under 2 µs per request).
func BenchmarkEvaluate20Statements(b *testing.B) {
	set := benchSet(b)
	req := benchRequest()
	if res, err := Evaluate(req, set); err != nil || res.Decision != Allowed {
		b.Fatalf("setup: %v %v %+v", err, res.Decision, res.Resources)
	}
	b.ReportAllocs()
	start, n := cpuTime(), 0
	for b.Loop() {
		if _, err := Evaluate(req, set); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportCPU(b, start, n)
}

// BenchmarkTagScoped10000Instances: the tag-scoped permission set of
// testdata/policy/seed003-production-permission-set.json
// evaluated for 10,000 instances, half of them tagged project=Production
// (target: under 20 ms per 10,000).
func BenchmarkTagScoped10000Instances(b *testing.B) {
	set := Set{Identity: []*Policy{loadPolicy(&testing.T{}, "seed003-production-permission-set.json", KindIdentity)}}
	reqs := make([]Request, 10000)
	for i := range reqs {
		project := "Production"
		if i%2 == 1 {
			project = "Development"
		}
		arn := fmt.Sprintf("arn:aws:ec2:us-east-1:111122223333:instance/i-%017x", i)
		reqs[i] = Request{Principal: ssoARN, Action: "ssm:StartSession", Resources: []Resource{tagged(arn, "project", project)}}
	}
	b.ReportAllocs()
	start, n := cpuTime(), 0
	for b.Loop() {
		n++
		allowed := 0
		for _, r := range reqs {
			res, err := Evaluate(r, set)
			if err != nil {
				b.Fatal(err)
			}
			if res.Decision == Allowed {
				allowed++
			}
		}
		if allowed != 5000 {
			b.Fatalf("allowed %d of 10000, want 5000", allowed)
		}
	}
	reportCPU(b, start, n)
}
