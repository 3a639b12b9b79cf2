package awsconfig

import (
	"strconv"
	"strings"
)

// quoteName quotes a profile name only when it needs it, for messages.
func quoteName(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"'") {
		return strconv.Quote(s)
	}
	return s
}
