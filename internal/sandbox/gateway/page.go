package gateway

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// page turns an opaque NextToken into a [start,end) window of n items and the next token.
func page(token string, n, size int) (start, end int, next string, err error) {
	if token != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(token)
		off, aerr := strconv.Atoi(strings.TrimPrefix(string(raw), "sandbox-offset:"))
		if derr != nil || aerr != nil || !strings.HasPrefix(string(raw), "sandbox-offset:") || off < 0 || off > n {
			return 0, 0, "", awsError{400, "InvalidNextToken", "The specified token is not valid."}
		}
		start = off
	}
	end = start + size
	if end >= n {
		return start, n, "", nil
	}
	return start, end, base64.RawURLEncoding.EncodeToString([]byte("sandbox-offset:" + strconv.Itoa(end))), nil
}
