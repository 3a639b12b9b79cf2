package gateway

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Each protocol refuses an unauthorized call with its own code and status, in the body
// shape its SDKs parse (the fidelity tests check the CLIs print it as AWS's).
func TestRefusalShapes(t *testing.T) {
	const msg = "User: arn:aws:sts::111122223333:assumed-role/R/s is not authorized to perform: x:Y"
	tests := []struct {
		proto string
		err   awsError
		want  string
	}{
		{protoQuery, accessDenied(protoQuery, msg), "403 AccessDenied"},
		{protoEC2, accessDenied(protoEC2, msg), "403 UnauthorizedOperation"},
		{protoJSON, accessDenied(protoJSON, msg), "400 AccessDeniedException"},
		{protoRestXML, accessDenied(protoRestXML, msg), "403 AccessDenied"},
		{protoQuery, invalidToken(protoQuery), "403 InvalidClientTokenId"},
		{protoEC2, invalidToken(protoEC2), "401 AuthFailure"},
		{protoJSON, invalidToken(protoJSON), "400 UnrecognizedClientException"},
		{protoRestXML, invalidToken(protoRestXML), "403 InvalidAccessKeyId"},
		{protoQuery, missingAuthentication(protoQuery), "403 MissingAuthenticationToken"},
		{protoJSON, missingAuthentication(protoJSON), "400 MissingAuthenticationTokenException"},
	}
	var got, want []string
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		writeError(rec, tt.proto, tt.err)
		got = append(got, tt.proto+" "+strconv.Itoa(rec.Code)+" "+errorCodeOf(rec.Header().Get("X-Amzn-Errortype"), rec.Body.Bytes()))
		want = append(want, tt.proto+" "+tt.want)
		if tt.err.Code == "UnauthorizedOperation" && !strings.HasPrefix(tt.err.Message, "You are not authorized to perform this operation. User: ") {
			t.Errorf("EC2 message %q lacks EC2's opening sentence", tt.err.Message)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refusals (-want +got):\n%s", diff)
	}
}
