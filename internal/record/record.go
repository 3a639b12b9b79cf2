// Package record defines the envelope every ssmkit record carries and reads
// record streams from stdin (ARCHITECTURE.md, "The record protocol").
package record

// APIVersion is the version stamped on every record.
const APIVersion = "ssmkit/v1"

// Record kinds the tools exchange.
const (
	KindProfile     = "Profile"
	KindIdentity    = "Identity"
	KindAccessCheck = "AccessCheck"
	KindReadiness   = "Readiness"
	KindDecision    = "Decision"
)

// Header is embedded first in every record so it marshals as "kind" and "apiVersion".
type Header struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
}

// NewHeader returns the header for a record of the given kind.
func NewHeader(kind string) Header {
	return Header{Kind: kind, APIVersion: APIVersion}
}
