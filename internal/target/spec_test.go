package target

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in   string
		want Spec
	}{
		{"i-0123456789abcdef0", Spec{Raw: "i-0123456789abcdef0", Kind: InstanceID, Value: "i-0123456789abcdef0"}},
		{"i-12345678", Spec{Raw: "i-12345678", Kind: InstanceID, Value: "i-12345678"}},
		{"mi-0a1b2c3d4e5f60718", Spec{Raw: "mi-0a1b2c3d4e5f60718", Kind: ManagedID, Value: "mi-0a1b2c3d4e5f60718"}},
		{"Name=web-01", Spec{Raw: "Name=web-01", Kind: Name, Key: "Name", Value: "web-01"}},
		{"Name=a=b c", Spec{Raw: "Name=a=b c", Kind: Name, Key: "Name", Value: "a=b c"}},
		{"tag:project=Production", Spec{Raw: "tag:project=Production", Kind: Tag, Key: "project", Value: "Production"}},
		{"tag:empty=", Spec{Raw: "tag:empty=", Kind: Tag, Key: "empty", Value: ""}},
		{"10.40.1.25", Spec{Raw: "10.40.1.25", Kind: PrivateIP, Value: "10.40.1.25"}},
		{"54.1.2.3", Spec{Raw: "54.1.2.3", Kind: PublicIP, Value: "54.1.2.3"}},
		{"ip-10-40-1-25.eu-west-1.compute.internal", Spec{Raw: "ip-10-40-1-25.eu-west-1.compute.internal", Kind: PrivateDNS, Value: "ip-10-40-1-25.eu-west-1.compute.internal"}},
		{"IP-10-0-0-1.EC2.Internal.", Spec{Raw: "IP-10-0-0-1.EC2.Internal.", Kind: PrivateDNS, Value: "ip-10-0-0-1.ec2.internal"}},
		{"ec2-54-1-2-3.eu-west-1.compute.amazonaws.com", Spec{Raw: "ec2-54-1-2-3.eu-west-1.compute.amazonaws.com", Kind: PublicDNS, Value: "ec2-54-1-2-3.eu-west-1.compute.amazonaws.com"}},
	}
	for _, tt := range tests {
		got, err := ParseSpec(tt.in)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSpec(%q) (-want +got)\n%s", tt.in, diff)
		}
	}
	for _, bad := range []string{"", "web-01", "i-0123", "i-0123456789ABCDEF0", "mi-123", "Name=", "tag:=x", "tag:novalue", "$(rm -rf)", "a..b", "-a.b"} {
		if _, err := ParseSpec(bad); err == nil {
			t.Errorf("ParseSpec(%q) accepted it", bad)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"i-0123456789abcdef0", "mi-0a1b2c3d4e5f60718", "Name=x", "tag:a=b", "10.0.0.1", "a.b", "::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		if err != nil {
			return
		}
		if sp.Raw != s || sp.Kind == "" {
			t.Fatalf("ParseSpec(%q) = %+v", s, sp)
		}
		if filterName(sp) == "" && sp.Kind != ManagedID {
			t.Fatalf("ParseSpec(%q) gave a kind with no lookup: %+v", s, sp)
		}
	})
}
