package scenario

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// Fault kinds the gateway can inject.
const (
	FaultLatency  = "latency"
	FaultThrottle = "throttle"
	Fault500      = "error500"
	Fault503      = "error503"
	FaultReset    = "reset"
	FaultHang     = "hang"
	// FaultDenied answers as IAM refusing the caller the operation, and
	// FaultExpired as AWS refusing expired temporary credentials, each in the
	// protocol's own error vocabulary.
	FaultDenied  = "denied"
	FaultExpired = "expired"
)

// Fault injects a failure into calls of one operation (`service:Operation`, `*` wildcards).
type Fault struct {
	Operation string `yaml:"operation"`
	Kind      string `yaml:"kind"`
	// Latency is added before answering (kind latency), a Go duration.
	Latency string `yaml:"latency"`
	// Times limits the fault to the first N matching calls; 0 means every call.
	Times int `yaml:"times"`
	// Probability applies the fault to this fraction of calls (0 < p <= 1); 0 means always.
	Probability float64 `yaml:"probability"`
}

// Validate checks the fault's kind and numbers.
func (f Fault) Validate() error {
	service, op, ok := strings.Cut(f.Operation, ":")
	if !ok || service == "" || op == "" {
		return fmt.Errorf("fault %q: the operation must read service:Operation, like ssm:DescribeInstanceInformation", f.Operation)
	}
	// A bad glob would silently never match: the fault would not fire at all.
	if _, err := path.Match(f.Operation, ""); err != nil {
		return fmt.Errorf("fault %s: bad pattern (use * and ? wildcards): %v", f.Operation, err)
	}
	switch f.Kind {
	case FaultThrottle, Fault500, Fault503, FaultReset, FaultHang, FaultDenied, FaultExpired:
		if f.Latency != "" {
			return fmt.Errorf("fault %s: latency applies only to kind latency, not %s", f.Operation, f.Kind)
		}
	case FaultLatency:
		if d, err := time.ParseDuration(f.Latency); err != nil || d <= 0 {
			return fmt.Errorf("fault %s: latency %q is not a positive duration like 500ms", f.Operation, f.Latency)
		}
	default:
		return fmt.Errorf("fault %s: unknown kind %q (use latency, throttle, error500, error503, reset, hang, denied or expired)", f.Operation, f.Kind)
	}
	if f.Times < 0 {
		return fmt.Errorf("fault %s: times must not be negative", f.Operation)
	}
	if !(f.Probability >= 0 && f.Probability <= 1) { // also rejects NaN
		return fmt.Errorf("fault %s: probability must be between 0 and 1", f.Operation)
	}
	return nil
}

// ParseFault reads the flag form `service:Operation=kind[,latency=2s][,times=N][,p=0.5]`.
func ParseFault(s string) (Fault, error) {
	op, rest, ok := strings.Cut(s, "=")
	if !ok || op == "" || rest == "" {
		return Fault{}, fmt.Errorf("fault %q: want service:Operation=kind[,times=N][,p=0.5][,latency=2s]", s)
	}
	parts := strings.Split(rest, ",")
	f := Fault{Operation: op, Kind: parts[0]}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		var err error
		switch k {
		case "latency":
			f.Latency = v
		case "times":
			f.Times, err = strconv.Atoi(v)
		case "p", "probability":
			// An explicit p=0 would mean "always" (0 is the unset value): refuse it.
			if f.Probability, err = strconv.ParseFloat(v, 64); err == nil && !(f.Probability > 0) {
				err = fmt.Errorf("p must be above 0 and at most 1 (leave it out for every call)")
			}
		default:
			err = fmt.Errorf("unknown option %q", k)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %v", s, err)
		}
	}
	if f.Kind == FaultLatency && f.Latency == "" {
		f.Latency = "1s"
	}
	return f, f.Validate()
}
