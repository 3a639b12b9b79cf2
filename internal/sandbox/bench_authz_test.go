package sandbox

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ssmkit/ssmkit/internal/sandbox/authz"
	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// reportPercentiles adds the median and 99th percentile of per-call durations: the target
// is on the median (under 1 ms of added latency per call).
func reportPercentiles(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds()), "p50-ns/op")
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds()), "p99-ns/op")
}

// BenchmarkAuthorize decides the seed's typical reads with the real IAM model (policies read
// from moto, AWS's ReadOnlyAccess and AdministratorAccess documents), caches warm: what the
// gateway adds to each call. go test -run '^$' -bench Authorize ./internal/sandbox/
func BenchmarkAuthorize(b *testing.B) {
	ro := seed.ReservedRoleName("925774240130", "ReadOnlyDev")
	pf := seed.ReservedRoleName("925774240130", "EC2-SSM-PortForward")
	caller := func(role string) authz.Caller {
		return authz.Caller{ARN: "arn:aws:sts::925774240130:assumed-role/" + role + "/a-a800123", Account: "925774240130", UserID: "AROAEXAMPLE:a-a800123"}
	}
	calls := []authz.Call{
		{Service: "ssm", Operation: "DescribeInstanceInformation", Region: "eu-west-1", Caller: caller(ro), Params: authz.Params{JSON: map[string]any{}}},
		{Service: "iam", Operation: "GetRole", Region: "us-east-1", Caller: caller(ro), Params: authz.Params{Form: url.Values{"RoleName": {"CASTAppInstanceRole"}}}},
		{Service: "kms", Operation: "GetKeyPolicy", Region: "eu-west-1", Caller: caller(ro), Params: authz.Params{JSON: map[string]any{"KeyId": "alias/session-manager"}}},
		{Service: "ec2", Operation: "DescribeVpcEndpoints", Region: "eu-west-1", Caller: caller(ro)},
		{Service: "iam", Operation: "GetRole", Region: "us-east-1", Caller: caller(pf), Params: authz.Params{Form: url.Values{"RoleName": {"CASTAppInstanceRole"}}}},
		{Service: "s3", Operation: "GetBucketEncryption", Region: "eu-west-1", Caller: caller(pf), Params: authz.Params{Path: "/cast-dev-ssm-session-logs-925774240130"}},
	}
	ctx := context.Background()
	a := shared.world.IAM
	for i := range calls {
		calls[i].Time, calls[i].SourceIP = time.Now(), "127.0.0.1"
		if d := a.Authorize(ctx, calls[i]); d.Outcome != authz.Allowed && d.Outcome != authz.Denied {
			b.Fatalf("%s:%s: %+v", calls[i].Service, calls[i].Operation, d) // also warms the caches
		}
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		a.Authorize(ctx, calls[i%len(calls)])
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, durations)
}

// BenchmarkGatewayCall times one gateway-served SSM call through the SDK against the seed's
// world with IAM enforced and, in the same loop (so both see the same load), the same world
// with IAM open: added-p50-ns/op is the median of the paired differences, what authorization
// costs a tool per call.
func BenchmarkGatewayCall(b *testing.B) {
	creds, err := shared.AccountCredentials(context.Background(), "925774240130")
	if err != nil {
		b.Fatal(err)
	}
	open := *shared.world
	open.Open = true
	ctx := context.Background()
	var clients []*ssm.Client
	for _, w := range []*gateway.World{shared.world, &open} {
		gw, err := gateway.Start(gateway.Options{MotoURL: shared.MotoURL, World: w})
		if err != nil {
			b.Fatal(err)
		}
		defer gw.Close()
		c := ssm.NewFromConfig(aws.Config{Region: "eu-west-1", BaseEndpoint: aws.String(gw.URL), RetryMaxAttempts: 1,
			Credentials: credentials.StaticCredentialsProvider{Value: creds}})
		if _, err := c.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{}); err != nil {
			b.Fatal(err) // warms the caller's identity and policies
		}
		clients = append(clients, c)
	}
	enforced, opened, added := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var d [2]time.Duration
		for j, c := range clients {
			start := time.Now()
			if _, err := c.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{}); err != nil {
				b.Fatal(err)
			}
			d[j] = time.Since(start)
		}
		enforced, opened, added = append(enforced, d[0]), append(opened, d[1]), append(added, d[0]-d[1])
	}
	b.StopTimer()
	for _, m := range []struct {
		name string
		d    []time.Duration
	}{{"enforced-p50-ns/op", enforced}, {"open-p50-ns/op", opened}, {"added-p50-ns/op", added}} {
		slices.Sort(m.d)
		b.ReportMetric(float64(m.d[len(m.d)/2].Nanoseconds()), m.name)
	}
}
