package output

import (
	"fmt"
	"strings"
)

// Format is an output format accepted by -o.
type Format string

// The formats; Default picks table on a terminal and NDJSON otherwise.
const (
	Default  Format = ""
	Table    Format = "table"
	Wide     Format = "wide"
	JSON     Format = "json"
	NDJSON   Format = "ndjson"
	YAML     Format = "yaml"
	Name     Format = "name"
	Markdown Format = "markdown"
)

// Formats lists the accepted -o values, for help text and errors.
var Formats = []Format{Table, Wide, JSON, NDJSON, YAML, Name, Markdown}

// ParseFormat validates a -o value.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return Default, nil
	}
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown output format %q: use one of %s", s, FormatNames(", "))
}

// FormatNames lists the accepted -o values joined by sep, for help and errors.
func FormatNames(sep string) string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, sep)
}

// Resolve turns Default into the format for the given terminal state.
func (f Format) Resolve(outTTY bool) Format {
	if f != Default {
		return f
	}
	if outTTY {
		return Table
	}
	return NDJSON
}
