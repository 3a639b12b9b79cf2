package gateway

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

func ssmWorld() *World {
	var nodes []Node
	for i := 0; i < 12; i++ {
		ping := "Online"
		if i%3 == 0 {
			ping = "ConnectionLost"
		}
		nodes = append(nodes, Node{InstanceID: fmt.Sprintf("i-%017d", i), PingStatus: ping, AgentVersion: "3.2.582.0",
			PlatformType: "Linux", ResourceType: "EC2Instance", LastPing: time.Date(2026, 11, 21, 11, 58, 0, 0, time.UTC),
			Connected: ping == "Online", Tags: map[string]string{"ssmaccess": fmt.Sprint(i%2 == 0)}})
	}
	nodes = append(nodes, Node{InstanceID: "mi-0123456789abcdef0", Name: "onprem-db", PingStatus: "Online", ResourceType: "ManagedInstance",
		PlatformType: "Linux", IAMRole: "SSMServiceRole", ActivationID: "act-1", RegistrationDate: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	return &World{
		Region:   "eu-west-1",
		Nodes:    map[string][]Node{testAccount: nodes},
		Settings: map[string]scenario.ServiceSettings{testAccount: {ActivationTier: "advanced"}},
		Sessions: map[string][]scenario.Session{testAccount: {
			{ID: "alice-0a1", Target: "i-00000000000000001", Owner: aliceARN, Status: "Connected", Document: "AWS-StartPortForwardingSession", StartedAt: "2026-11-21T11:00:00Z"},
			{ID: "bob-0b2", Target: "i-00000000000000002", Owner: bobARN, Status: "Terminated", StartedAt: "2026-11-20T09:00:00Z", EndedAt: "2026-11-20T10:00:00Z"},
		}},
	}
}

func TestDescribeInstanceInformationFiltersAndPages(t *testing.T) {
	e := startGateway(t, ssmWorld())
	client := ssm.NewFromConfig(e.sdkConfig(aliceKey))
	tests := []struct {
		name string
		in   ssm.DescribeInstanceInformationInput
		want int
	}{
		{"all nodes, across pages of 5", ssm.DescribeInstanceInformationInput{MaxResults: aws.Int32(5)}, 13},
		{"online only", ssm.DescribeInstanceInformationInput{Filters: []types.InstanceInformationStringFilter{{Key: aws.String("PingStatus"), Values: []string{"Online"}}}}, 9},
		{"online and tagged", ssm.DescribeInstanceInformationInput{Filters: []types.InstanceInformationStringFilter{
			{Key: aws.String("PingStatus"), Values: []string{"Online"}}, {Key: aws.String("tag:ssmaccess"), Values: []string{"true"}}}}, 4},
		{"legacy filter list by id", ssm.DescribeInstanceInformationInput{InstanceInformationFilterList: []types.InstanceInformationFilter{
			{Key: types.InstanceInformationFilterKeyInstanceIds, ValueSet: []string{"i-00000000000000004", "mi-0123456789abcdef0"}}}}, 2},
		{"hybrid nodes", ssm.DescribeInstanceInformationInput{Filters: []types.InstanceInformationStringFilter{{Key: aws.String("ResourceType"), Values: []string{"ManagedInstance"}}}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []types.InstanceInformation
			p := ssm.NewDescribeInstanceInformationPaginator(client, &tt.in)
			for p.HasMorePages() {
				out, err := p.NextPage(ctx(t))
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, out.InstanceInformationList...)
			}
			if len(got) != tt.want {
				t.Fatalf("got %d nodes, want %d", len(got), tt.want)
			}
			seen := map[string]bool{}
			for _, n := range got {
				if seen[*n.InstanceId] {
					t.Errorf("node %s returned twice across pages", *n.InstanceId)
				}
				seen[*n.InstanceId] = true
			}
		})
	}
}

func TestDescribeInstanceInformationParsesFields(t *testing.T) {
	e := startGateway(t, ssmWorld())
	out, err := ssm.NewFromConfig(e.sdkConfig(aliceKey)).DescribeInstanceInformation(ctx(t), &ssm.DescribeInstanceInformationInput{
		Filters: []types.InstanceInformationStringFilter{{Key: aws.String("InstanceIds"), Values: []string{"mi-0123456789abcdef0"}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := out.InstanceInformationList[0]
	got := []string{string(n.PingStatus), string(n.ResourceType), aws.ToString(n.IamRole), aws.ToString(n.Name), n.RegistrationDate.UTC().Format(time.RFC3339)}
	want := []string{"Online", "ManagedInstance", "SSMServiceRole", "onprem-db", "2025-01-01T00:00:00Z"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDescribeInstanceInformationRejectsBadInput(t *testing.T) {
	e := startGateway(t, ssmWorld())
	client := ssm.NewFromConfig(e.sdkConfig(aliceKey))
	tests := map[string]ssm.DescribeInstanceInformationInput{
		"ValidationException":                   {MaxResults: aws.Int32(2)},
		"InvalidInstanceInformationFilterValue": {Filters: []types.InstanceInformationStringFilter{{Key: aws.String("Colour"), Values: []string{"red"}}}},
		"InvalidNextToken":                      {NextToken: aws.String("garbage")},
	}
	for code, in := range tests {
		t.Run(code, func(t *testing.T) {
			_, err := client.DescribeInstanceInformation(ctx(t), &in)
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != code {
				t.Fatalf("err = %v, want %s", err, code)
			}
		})
	}
}

func TestServiceSettingsAndConnectionStatus(t *testing.T) {
	e := startGateway(t, ssmWorld())
	client := ssm.NewFromConfig(e.sdkConfig(aliceKey))
	var got []string
	for _, id := range []string{settingDHMC, settingActivationTier} {
		out, err := client.GetServiceSetting(ctx(t), &ssm.GetServiceSettingInput{SettingId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, aws.ToString(out.ServiceSetting.SettingValue)+"/"+aws.ToString(out.ServiceSetting.Status))
	}
	for _, target := range []string{"i-00000000000000001", "i-00000000000000003", "i-nope"} {
		out, err := client.GetConnectionStatus(ctx(t), &ssm.GetConnectionStatusInput{Target: aws.String(target)})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(out.Status))
	}
	want := []string{"$None/Default", "advanced/Customized", "connected", "notconnected", "notconnected"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err := client.GetServiceSetting(ctx(t), &ssm.GetServiceSettingInput{SettingId: aws.String("/ssm/nope")})
	var nf *types.ServiceSettingNotFound
	if !errors.As(err, &nf) {
		t.Errorf("unknown setting: err = %v, want ServiceSettingNotFound", err)
	}
}

func TestDescribeSessions(t *testing.T) {
	e := startGateway(t, ssmWorld())
	client := ssm.NewFromConfig(e.sdkConfig(aliceKey))
	active, err := client.DescribeSessions(ctx(t), &ssm.DescribeSessionsInput{State: types.SessionStateActive})
	if err != nil {
		t.Fatal(err)
	}
	history, err := client.DescribeSessions(ctx(t), &ssm.DescribeSessionsInput{State: types.SessionStateHistory,
		Filters: []types.SessionFilter{{Key: types.SessionFilterKeyOwner, Value: aws.String(bobARN)}}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{aws.ToString(active.Sessions[0].SessionId), string(active.Sessions[0].Status), aws.ToString(history.Sessions[0].SessionId), history.Sessions[0].EndDate.UTC().Format(time.RFC3339)}
	want := []string{"alice-0a1", "Connected", "bob-0b2", "2026-11-20T10:00:00Z"}
	if diff := cmp.Diff(want, got); diff != "" || len(active.Sessions) != 1 || len(history.Sessions) != 1 {
		t.Errorf("(-want +got):\n%s (active %d, history %d)", diff, len(active.Sessions), len(history.Sessions))
	}
}

func TestOtherAccountSeesNoNodes(t *testing.T) {
	w := ssmWorld()
	w.Nodes = map[string][]Node{"111122223333": w.Nodes[testAccount]}
	e := startGateway(t, w)
	out, err := ssm.NewFromConfig(e.sdkConfig(aliceKey)).DescribeInstanceInformation(ctx(t), &ssm.DescribeInstanceInformationInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.InstanceInformationList) != 0 {
		t.Errorf("caller in %s sees %d nodes of another account", testAccount, len(out.InstanceInformationList))
	}
}
