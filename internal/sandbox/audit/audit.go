// Package audit records every call that reaches the sandbox, one JSON line per call,
// and answers whether a tool called anything but read-only operations.
package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Call is one audited API call. It never holds a secret: principals are ARNs or user names.
type Call struct {
	Time      time.Time `json:"time"`
	Service   string    `json:"service"`
	Operation string    `json:"operation"`
	// Principal is the caller's ARN (or `sso-user/NAME` on the SSO portal), empty when unknown.
	Principal string `json:"principal,omitempty"`
	Account   string `json:"account,omitempty"`
	// AccessKeyID identifies the credentials used (an id, not a secret).
	AccessKeyID string `json:"accessKeyId,omitempty"`
	Status      int    `json:"status"`
	// Error is the AWS error code of a failed call.
	Error string `json:"error,omitempty"`
	// Fault names the injected fault, if any.
	Fault string `json:"fault,omitempty"`
	// Served says who answered: gateway (from the scenario) or moto.
	Served string `json:"served"`
	// Decision is the IAM model's verdict: allowed, denied, unmapped, no-permission,
	// invalid-token or model-error; empty when IAM is open or the call is the SSO portal's.
	Decision string `json:"decision,omitempty"`
	// Action is the IAM action the call needed (s3:GetBucketEncryption needs s3:GetEncryptionConfiguration).
	Action string `json:"action,omitempty"`
}

// Writer appends calls to a stream as JSON lines; safe for concurrent use.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write appends one call.
func (w *Writer) Write(c Call) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err = w.w.Write(append(b, '\n'))
	return err
}

// Read parses an audit log.
func Read(r io.Reader) ([]Call, error) {
	var out []Call
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c Call
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("audit line %d: %w", n, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// ReadFile parses the audit log at path.
func ReadFile(path string) ([]Call, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading audit log: %w", err)
	}
	defer f.Close()
	return Read(f)
}

// readOnlyPrefixes are the operation verbs the product may call (ARCHITECTURE.md, principle 1).
var readOnlyPrefixes = []string{"Get", "List", "Describe", "Simulate", "Select"}

// credentialOperations resolve a profile's credentials (source_profile + role_arn,
// web_identity_token_file): they mint temporary credentials and change nothing in the
// account, like the SSO portal's GetRoleCredentials, which the Get prefix already covers.
var credentialOperations = map[string]bool{"AssumeRole": true, "AssumeRoleWithWebIdentity": true}

// IsReadOnly reports whether an operation is allowed for the read-only tools.
func IsReadOnly(operation string) bool {
	if credentialOperations[operation] {
		return true
	}
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(operation, p) {
			return true
		}
	}
	return false
}

// Mutating returns the calls whose operation is not read-only.
func Mutating(calls []Call) []Call {
	var out []Call
	for _, c := range calls {
		if !IsReadOnly(c.Operation) {
			out = append(out, c)
		}
	}
	return out
}

// NonReadOnly reads the audit log at path and returns every call that is not
// Get/List/Describe/Simulate/Select: a read-only tool must produce none.
func NonReadOnly(path string) ([]Call, error) {
	calls, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Mutating(calls), nil
}
