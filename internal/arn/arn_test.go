package arn

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSplitsAnyARN(t *testing.T) {
	tests := []struct {
		in   string
		want ARN
	}{
		{"arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0", ARN{"aws", "ec2", "us-east-1", "111122223333", "instance/i-0123456789abcdef0"}},
		{"arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession", ARN{"aws", "ssm", "us-east-1", "", "document/AWS-StartPortForwardingSession"}},
		{"arn:aws:s3:::bucket/a:b", ARN{"aws", "s3", "", "", "bucket/a:b"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || got.String() != tt.in {
			t.Errorf("Parse(%q) (-want +got):\n%s; String() %q", tt.in, diff, got.String())
		}
	}
	for _, bad := range []string{"", "arn:aws:s3", "arn::s3:::b", "arn:aws::::x", "arn:aws:s3:::", "urn:aws:s3:::b"} {
		if a, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", bad, a)
		}
	}
}

func TestIsPartition(t *testing.T) {
	for s, want := range map[string]bool{"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso-b": true,
		"": false, "AWS": false, "aws-": false, "aws--cn": false, "awscn": false, "aws-CN": false, "azure": false} {
		if got := IsPartition(s); got != want {
			t.Errorf("IsPartition(%q) = %v, want %v", s, got, want)
		}
	}
}
