package arn

import "testing"

func BenchmarkParseSSOCaller(b *testing.B) {
	const s = "arn:aws:sts::135808916559:assumed-role/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d/engineer@example.com"
	for b.Loop() {
		if _, err := ParsePrincipal(s); err != nil {
			b.Fatal(err)
		}
	}
}
