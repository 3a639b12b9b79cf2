package awsclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"
)

// An evidence bundle keeps the AWS answers a run relied on, so a reviewer can
// re-run the reasoning offline. A middleware names each call by service,
// operation, region and its input parameters (the "key"); a Recorder (an
// HTTP client) keeps each keyed answer; a Replayer serves them back.

// Exchange is one recorded call: what was asked and what AWS answered.
type Exchange struct {
	Service   string `json:"service"`
	Operation string `json:"operation"`
	Region    string `json:"region,omitempty"`
	// Params are the call's input as the SDK's types marshal (for a reader:
	// unions and documents may show as {}); Request identifies the call as
	// sent (method, path, query and a sha256 of the body), which is what
	// replay matches.
	Params  json.RawMessage `json:"params"`
	Request string          `json:"request"`
	Status  int             `json:"status"`
	// Headers are the few a client needs to parse the answer (content
	// type, error type); never authorization or request ids.
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body"`
}

// Key identifies a call: the same key is the same question.
func (e Exchange) Key() string {
	return e.Service + "\x00" + e.Operation + "\x00" + e.Region + "\x00" + e.Request
}

// requestID is a request as sent: method, path, query, and a sha256 of the
// body (the body is read and put back).
func requestID(req *http.Request) (string, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return "", err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(b))
		body = b
	}
	sum := sha256.Sum256(body)
	return req.Method + " " + req.URL.EscapedPath() + "?" + req.URL.RawQuery + " " + hex.EncodeToString(sum[:]), nil
}

type keyCtx struct{}

// EvidenceAPIOption adds the middleware that names each call for a Recorder
// or Replayer; it must be installed for either to see the call.
func EvidenceAPIOption(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("ssmkitEvidenceKey",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, metadata, error) {
			params, err := json.Marshal(in.Parameters)
			if err != nil {
				params = []byte("null")
			}
			e := Exchange{Service: awsmiddleware.GetServiceID(ctx), Operation: awsmiddleware.GetOperationName(ctx),
				Region: awsmiddleware.GetRegion(ctx), Params: params}
			return next.HandleInitialize(context.WithValue(ctx, keyCtx{}, e), in)
		}), middleware.After)
}

type metadata = middleware.Metadata

// credentialOperations are how credentials are resolved: never recorded (their
// answers are credentials) and never needed to replay (replay signs with
// placeholders).
var credentialOperations = map[string]bool{
	"GetRoleCredentials": true, "AssumeRole": true, "AssumeRoleWithWebIdentity": true,
	"AssumeRoleWithSAML": true, "GetSessionToken": true, "GetFederationToken": true, "CreateToken": true,
}

// keptHeaders are the response headers the SDK's deserializers read.
var keptHeaders = []string{"Content-Type", "X-Amzn-Errortype", "X-Amzn-Query-Error"}

// Recorder is an HTTP client that passes calls on and keeps every keyed
// answer (the last one per key, after retries), secrets removed.
type Recorder struct {
	Next aws.HTTPClient
	mu   sync.Mutex
	got  map[string]Exchange
	keys []string
}

// NewRecorder wraps next (nil: a default client).
func NewRecorder(next aws.HTTPClient) *Recorder {
	if next == nil {
		next = awshttp.NewBuildableClient()
	}
	return &Recorder{Next: next, got: map[string]Exchange{}}
}

// Do implements aws.HTTPClient.
func (r *Recorder) Do(req *http.Request) (*http.Response, error) {
	e, ok := req.Context().Value(keyCtx{}).(Exchange)
	if ok {
		id, err := requestID(req)
		if err != nil {
			return nil, err
		}
		e.Request = id
	}
	resp, err := r.Next.Do(req)
	if err != nil || !ok || credentialOperations[e.Operation] {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil
	}
	e.Status = resp.StatusCode
	e.Headers = map[string]string{}
	for _, h := range keptHeaders {
		if v := resp.Header.Get(h); v != "" {
			e.Headers[h] = v
		}
	}
	e.Body = Redact(string(body))
	e.Params = json.RawMessage(Redact(string(e.Params)))
	r.mu.Lock()
	defer r.mu.Unlock()
	k := e.Key()
	if _, seen := r.got[k]; !seen {
		r.keys = append(r.keys, k)
	}
	r.got[k] = e
	return resp, nil
}

// Exchanges returns the recorded calls in the order first made.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Exchange, 0, len(r.keys))
	for _, k := range r.keys {
		out = append(out, r.got[k])
	}
	return out
}

// Replayer is an HTTP client that answers from recorded exchanges and never
// opens a connection: a call the bundle does not hold fails as unreachable.
type Replayer struct {
	byKey  map[string]Exchange
	mu     sync.Mutex
	missed []string
}

// NewReplayer serves the exchanges.
func NewReplayer(ex []Exchange) *Replayer {
	r := &Replayer{byKey: map[string]Exchange{}}
	for _, e := range ex {
		r.byKey[e.Key()] = e
	}
	return r
}

// ErrNotRecorded is a call the bundle holds no answer for.
var ErrNotRecorded = errors.New("not in the evidence bundle")

// Do implements aws.HTTPClient.
func (r *Replayer) Do(req *http.Request) (*http.Response, error) {
	e, ok := req.Context().Value(keyCtx{}).(Exchange)
	if ok {
		id, err := requestID(req)
		if err != nil {
			return nil, err
		}
		e.Request = id
		if got, found := r.byKey[e.Key()]; found {
			h := http.Header{}
			for k, v := range got.Headers {
				h.Set(k, v)
			}
			return &http.Response{StatusCode: got.Status, Status: fmt.Sprintf("%d %s", got.Status, http.StatusText(got.Status)),
				Header: h, Body: io.NopCloser(strings.NewReader(got.Body)), ContentLength: int64(len(got.Body)),
				Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
		}
	}
	name := req.URL.Path
	if ok {
		name = e.Service + " " + e.Operation
	}
	r.mu.Lock()
	r.missed = append(r.missed, name)
	r.mu.Unlock()
	return nil, fmt.Errorf("%s: %w", name, ErrNotRecorded)
}

// Missed lists the calls the bundle could not answer, sorted.
func (r *Replayer) Missed() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.missed...)
	sort.Strings(out)
	return out
}

// secretJSON and secretXML match the fields AWS uses for secrets and tokens
// in JSON and XML answers, whatever the service's casing.
var (
	secretJSON = regexp.MustCompile(`(?i)("(?:secretAccessKey|sessionToken|accessToken|refreshToken|clientSecret|password|privateKey)"\s*:\s*)"(?:[^"\\]|\\.)*"`)
	secretXML  = regexp.MustCompile(`(?is)<(SecretAccessKey|SessionToken|Token|AccessToken|Password)>.*?</(?:SecretAccessKey|SessionToken|Token|AccessToken|Password)>`)
)

// Redacted replaces a secret's value.
const Redacted = "REDACTED"

// Redact removes secrets, tokens and credentials from an answer or request
// parameters. Defence in depth: credential calls are not recorded at all.
func Redact(s string) string {
	s = secretJSON.ReplaceAllString(s, `${1}"`+Redacted+`"`)
	return secretXML.ReplaceAllString(s, "<$1>"+Redacted+"</$1>")
}
