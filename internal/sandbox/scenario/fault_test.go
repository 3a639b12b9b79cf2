package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseFault(t *testing.T) {
	tests := []struct {
		in      string
		want    Fault
		wantErr bool
	}{
		{in: "ssm:DescribeInstanceInformation=throttle", want: Fault{Operation: "ssm:DescribeInstanceInformation", Kind: FaultThrottle}},
		{in: "ec2:*=throttle,times=2", want: Fault{Operation: "ec2:*", Kind: FaultThrottle, Times: 2}},
		{in: "sts:GetCallerIdentity=latency,latency=250ms,p=0.5", want: Fault{Operation: "sts:GetCallerIdentity", Kind: FaultLatency, Latency: "250ms", Probability: 0.5}},
		{in: "kms:*=latency", want: Fault{Operation: "kms:*", Kind: FaultLatency, Latency: "1s"}},
		{in: "iam:GetRole=hang", want: Fault{Operation: "iam:GetRole", Kind: FaultHang}},
		{in: "iam:GetRole", wantErr: true},
		{in: "iam:GetRole=melt", wantErr: true},
		{in: "iam:GetRole=error500,times=x", wantErr: true},
		{in: "iam:GetRole=error503,p=2", wantErr: true},
		{in: "iam:GetRole=reset,colour=red", wantErr: true},
		{in: "GetRole=throttle", wantErr: true},
		{in: "iam:[Get=throttle", wantErr: true},
		{in: "iam:GetRole=throttle,p=NaN", wantErr: true},
		{in: "iam:GetRole=throttle,p=0", wantErr: true},
		{in: "iam:GetRole=latency,latency=-1s", wantErr: true},
		{in: "iam:GetRole=throttle,latency=2s", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFault(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseFault(f *testing.F) {
	f.Add("ssm:*=throttle,times=1")
	f.Add("a=latency,latency=1s,p=0.1")
	f.Fuzz(func(t *testing.T, s string) {
		if fl, err := ParseFault(s); err == nil && fl.Validate() != nil {
			t.Fatalf("ParseFault accepted an invalid fault %+v", fl)
		}
	})
}

func TestUserAssignments(t *testing.T) {
	ic := &IdentityCenter{
		Groups: []ICGroup{{Name: "ops", Members: []string{"ann"}}},
		Assignments: []Assignment{
			{Account: "1", PermissionSet: "A", Group: "ops"},
			{Account: "1", PermissionSet: "B", User: "bob"},
			{Account: "2", PermissionSet: "C", User: "ann"},
		},
	}
	got := ic.UserAssignments("ann")
	want := []Assignment{{Account: "1", PermissionSet: "A", Group: "ops"}, {Account: "2", PermissionSet: "C", User: "ann"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
