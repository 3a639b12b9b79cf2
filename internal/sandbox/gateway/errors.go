package gateway

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// awsError is an error answer as AWS would send it.
type awsError struct {
	Status  int
	Code    string
	Message string
}

// throttleError is each protocol's real throttling answer: EC2 sends 503 RequestLimitExceeded,
// query services 400 Throttling, JSON services 400 ThrottlingException, the SSO portal 429
// TooManyRequestsException and S3 503 SlowDown.
func throttleError(proto string) awsError {
	switch proto {
	case protoEC2:
		return awsError{503, "RequestLimitExceeded", "Request limit exceeded."}
	case protoQuery:
		return awsError{400, "Throttling", "Rate exceeded"}
	case protoRestJSON:
		return awsError{429, "TooManyRequestsException", "Too many requests"}
	case protoRestXML:
		return awsError{503, "SlowDown", "Please reduce your request rate."}
	}
	return awsError{400, "ThrottlingException", "Rate exceeded"}
}

// serverError is a 500 or 503 in the protocol's own vocabulary.
func serverError(proto string, status int) awsError {
	if status == http.StatusServiceUnavailable {
		switch proto {
		case protoEC2:
			return awsError{503, "Unavailable", "The server is overloaded and can't handle the request."}
		default:
			return awsError{503, "ServiceUnavailable", "Service is unavailable. Please try again later."}
		}
	}
	switch proto {
	case protoEC2, protoRestXML:
		return awsError{500, "InternalError", "An internal error has occurred."}
	case protoJSON:
		return awsError{500, "InternalServerError", "An internal error occurred."}
	}
	return awsError{500, "InternalFailure", "The request processing has failed because of an unknown error."}
}

// accessDenied is each protocol's refusal of an unauthorized call: 403 AccessDenied from
// query services (IAM, STS) and S3, 403 UnauthorizedOperation from EC2 (its message starts
// "You are not authorized to perform this operation."), 400 AccessDeniedException from JSON
// services (SSM, KMS, Logs, Organizations, Identity Center).
func accessDenied(proto, message string) awsError {
	switch proto {
	case protoQuery, protoRestXML:
		return awsError{403, "AccessDenied", message}
	case protoEC2:
		return awsError{403, "UnauthorizedOperation", "You are not authorized to perform this operation. " + message}
	}
	return awsError{400, "AccessDeniedException", message}
}

// expiredCredentials answers temporary credentials past their expiry: 400 ExpiredToken from
// query services and S3, 400 RequestExpired from EC2 (its documented code when temporary
// credentials have expired, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html),
// 401 UnauthorizedException from the SSO portal, 400 ExpiredTokenException from JSON services.
func expiredCredentials(proto string) awsError {
	switch proto {
	case protoQuery, protoRestXML:
		return awsError{400, "ExpiredToken", "The security token included in the request is expired"}
	case protoEC2:
		return awsError{400, "RequestExpired", "Request has expired."}
	case protoRestJSON:
		return awsError{401, "UnauthorizedException", "Session token not found or invalid"}
	}
	return awsError{400, "ExpiredTokenException", "The security token included in the request is expired"}
}

// invalidToken answers credentials IAM never issued.
func invalidToken(proto string) awsError {
	switch proto {
	case protoQuery:
		return awsError{403, "InvalidClientTokenId", "The security token included in the request is invalid."}
	case protoEC2:
		return awsError{401, "AuthFailure", "AWS was not able to validate the provided access credentials"}
	case protoRestXML:
		return awsError{403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."}
	}
	return awsError{400, "UnrecognizedClientException", "The security token included in the request is invalid."}
}

// missingAuthentication answers an unsigned call to an operation that needs credentials.
func missingAuthentication(proto string) awsError {
	switch proto {
	case protoQuery:
		return awsError{403, "MissingAuthenticationToken", "Request is missing Authentication Token"}
	case protoEC2:
		return awsError{401, "AuthFailure", "AWS was not able to validate the provided access credentials"}
	case protoRestXML:
		return awsError{403, "AccessDenied", "Access Denied"}
	}
	return awsError{400, "MissingAuthenticationTokenException", "Missing Authentication Token"}
}

type queryErrorXML struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

type ec2ErrorXML struct {
	XMLName   xml.Name `xml:"Response"`
	Code      string   `xml:"Errors>Error>Code"`
	Message   string   `xml:"Errors>Error>Message"`
	RequestID string   `xml:"RequestID"`
}

type s3ErrorXML struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	RequestID string   `xml:"RequestId"`
}

// writeError encodes e for the protocol, the way the SDKs expect to parse it.
func writeError(w http.ResponseWriter, proto string, e awsError) {
	id := requestID()
	h := w.Header()
	h.Set("X-Amzn-Requestid", id)
	var body []byte
	switch proto {
	case protoQuery:
		typ := "Sender"
		if e.Status >= 500 {
			typ = "Receiver"
		}
		body, _ = xml.Marshal(queryErrorXML{Type: typ, Code: e.Code, Message: e.Message, RequestID: id})
		h.Set("Content-Type", "text/xml")
	case protoEC2:
		body, _ = xml.Marshal(ec2ErrorXML{Code: e.Code, Message: e.Message, RequestID: id})
		h.Set("Content-Type", "text/xml;charset=UTF-8")
	case protoRestXML:
		body, _ = xml.Marshal(s3ErrorXML{Code: e.Code, Message: e.Message, RequestID: id})
		h.Set("Content-Type", "application/xml")
	case protoRestJSON:
		h.Set("X-Amzn-Errortype", e.Code)
		h.Set("Content-Type", "application/json")
		body, _ = json.Marshal(map[string]string{"message": e.Message})
	default:
		h.Set("Content-Type", "application/x-amz-json-1.1")
		body, _ = json.Marshal(map[string]string{"__type": e.Code, "message": e.Message})
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// requestID makes an AWS-looking request id; uniqueness is all that matters here.
func requestID() string {
	n := time.Now().UnixNano()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", uint32(n>>32), uint16(n>>16), uint16(n), uint16(n>>8), n&0xffffffffffff)
}
