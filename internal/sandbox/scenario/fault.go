package scenario

import (
	"fmt"
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
	if f.Operation == "" {
		return fmt.Errorf("fault needs an operation like ssm:DescribeInstanceInformation")
	}
	switch f.Kind {
	case FaultThrottle, Fault500, Fault503, FaultReset, FaultHang:
	case FaultLatency:
		if _, err := time.ParseDuration(f.Latency); err != nil {
			return fmt.Errorf("fault %s: latency %q is not a duration like 500ms", f.Operation, f.Latency)
		}
	default:
		return fmt.Errorf("fault %s: unknown kind %q (use latency, throttle, error500, error503, reset or hang)", f.Operation, f.Kind)
	}
	if f.Times < 0 {
		return fmt.Errorf("fault %s: times must not be negative", f.Operation)
	}
	if f.Probability < 0 || f.Probability > 1 {
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
			f.Probability, err = strconv.ParseFloat(v, 64)
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
