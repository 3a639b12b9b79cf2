package gateway

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// callers make one call per protocol through the real SDK.
func callers(e *testEnv) map[string]func(context.Context) error {
	cfg := e.sdkConfig(aliceKey)
	return map[string]func(context.Context) error{
		"ssm:DescribeInstanceInformation": func(c context.Context) error {
			_, err := ssm.NewFromConfig(cfg).DescribeInstanceInformation(c, &ssm.DescribeInstanceInformationInput{})
			return err
		},
		"iam:ListRoles": func(c context.Context) error {
			_, err := iam.NewFromConfig(cfg).ListRoles(c, &iam.ListRolesInput{})
			return err
		},
		"sts:GetCallerIdentity": func(c context.Context) error {
			_, err := sts.NewFromConfig(cfg).GetCallerIdentity(c, &sts.GetCallerIdentityInput{})
			return err
		},
		"ec2:DescribeInstances": func(c context.Context) error {
			_, err := ec2.NewFromConfig(cfg).DescribeInstances(c, &ec2.DescribeInstancesInput{})
			return err
		},
		"sso:ListAccounts": func(c context.Context) error {
			_, err := sso.NewFromConfig(cfg).ListAccounts(c, &sso.ListAccountsInput{AccessToken: aws.String(validToken)})
			return err
		},
	}
}

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestFaultErrorCodesPerProtocol(t *testing.T) {
	tests := []struct {
		op, kind, want string
	}{
		{"ssm:DescribeInstanceInformation", scenario.FaultThrottle, "ThrottlingException"},
		{"iam:ListRoles", scenario.FaultThrottle, "Throttling"},
		{"sts:GetCallerIdentity", scenario.FaultThrottle, "Throttling"},
		{"ec2:DescribeInstances", scenario.FaultThrottle, "RequestLimitExceeded"},
		{"sso:ListAccounts", scenario.FaultThrottle, "TooManyRequestsException"},
		{"ssm:DescribeInstanceInformation", scenario.Fault500, "InternalServerError"},
		{"iam:ListRoles", scenario.Fault500, "InternalFailure"},
		{"ec2:DescribeInstances", scenario.Fault500, "InternalError"},
		{"ssm:DescribeInstanceInformation", scenario.Fault503, "ServiceUnavailable"},
		{"ec2:DescribeInstances", scenario.Fault503, "Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.op+"/"+tt.kind, func(t *testing.T) {
			e := startGateway(t, portalWorld(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)), scenario.Fault{Operation: tt.op, Kind: tt.kind})
			err := callers(e)[tt.op](ctx(t))
			if got := errorCode(err); got != tt.want {
				t.Fatalf("error code = %q (%v), want %q", got, err, tt.want)
			}
			calls := e.calls(t)
			if len(calls) != 1 || calls[0].Fault != tt.kind || calls[0].Error != tt.want {
				t.Errorf("audit = %+v, want one call with fault %s and error %s", calls, tt.kind, tt.want)
			}
		})
	}
}

func TestFaultFirstNCallsThenRecovers(t *testing.T) {
	e := startGateway(t, ssmWorld(), scenario.Fault{Operation: "ssm:*", Kind: scenario.FaultThrottle, Times: 2})
	call := callers(e)["ssm:DescribeInstanceInformation"]
	var got []string
	for i := 0; i < 4; i++ {
		got = append(got, errorCode(call(ctx(t))))
	}
	if strings.Join(got, ",") != "ThrottlingException,ThrottlingException,," {
		t.Errorf("codes = %q, want two throttles then success", got)
	}
}

func TestFaultProbabilityHitsSomeCalls(t *testing.T) {
	e := startGateway(t, ssmWorld(), scenario.Fault{Operation: "ssm:GetConnectionStatus", Kind: scenario.Fault503, Probability: 0.5})
	client := ssm.NewFromConfig(e.sdkConfig(aliceKey))
	failed := 0
	const n = 60
	for i := 0; i < n; i++ {
		if _, err := client.GetConnectionStatus(ctx(t), &ssm.GetConnectionStatusInput{Target: aws.String("i-1")}); err != nil {
			failed++
		}
	}
	if failed == 0 || failed == n {
		t.Errorf("%d of %d calls failed with p=0.5, want some but not all", failed, n)
	}
}

func TestFaultResetIsAConnectionReset(t *testing.T) {
	e := startGateway(t, ssmWorld(), scenario.Fault{Operation: "sts:GetCallerIdentity", Kind: scenario.FaultReset})
	err := callers(e)["sts:GetCallerIdentity"](ctx(t))
	if !errors.Is(err, syscall.ECONNRESET) && !strings.Contains(err.Error(), "EOF") {
		t.Fatalf("err = %v, want a connection reset", err)
	}
	if calls := e.calls(t); len(calls) != 1 || calls[0].Fault != "reset" || calls[0].Status != 0 {
		t.Errorf("audit = %+v, want the reset recorded with status 0", calls)
	}
}

func TestFaultHangUntilClientGivesUp(t *testing.T) {
	e := startGateway(t, ssmWorld(), scenario.Fault{Operation: "ssm:DescribeSessions", Kind: scenario.FaultHang})
	c, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := ssm.NewFromConfig(e.sdkConfig(aliceKey)).DescribeSessions(c, &ssm.DescribeSessionsInput{State: "Active"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the client's deadline", err)
	}
}

func TestFaultHangReleasedByClose(t *testing.T) {
	e := startGateway(t, ssmWorld(), scenario.Fault{Operation: "ssm:*", Kind: scenario.FaultHang})
	done := make(chan error, 1)
	go func() { done <- callers(e)["ssm:DescribeInstanceInformation"](context.Background()) }()
	// Wait until the call is parked in the gateway, then close it.
	for i := 0; i < 200 && e.hanging() == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	_ = e.gw.Close()
	var ne net.Error
	if err := <-done; err == nil || (!errors.As(err, &ne) && !strings.Contains(err.Error(), "EOF")) {
		t.Fatalf("err = %v, want the connection to end", err)
	}
}

func TestFaultLatencyStillAnswers(t *testing.T) {
	e := startGateway(t, ssmWorld(), scenario.Fault{Operation: "ssm:GetServiceSetting", Kind: scenario.FaultLatency, Latency: "20ms"})
	_, err := ssm.NewFromConfig(e.sdkConfig(aliceKey)).GetServiceSetting(ctx(t), &ssm.GetServiceSettingInput{SettingId: aws.String(settingActivationTier)})
	if err != nil {
		t.Fatal(err)
	}
	if calls := e.calls(t); calls[0].Fault != "latency" || calls[0].Status != 200 || calls[0].Served != "gateway" {
		t.Errorf("audit = %+v, want a delayed 200 served by the gateway", calls[0])
	}
}
