// Package gateway is the sandbox's loopback front door: it serves the read-only operations
// moto lacks from the scenario, proxies everything else to moto, injects faults and audits.
package gateway

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// Options configures a gateway.
type Options struct {
	// MotoURL is the moto_server base URL everything not served here goes to.
	MotoURL string
	World   *World
	Faults  []scenario.Fault
	// Audit receives one line per call; nil disables auditing.
	Audit *audit.Writer
	// Seed makes probabilistic faults reproducible.
	Seed uint64
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Gateway is a running gateway.
type Gateway struct {
	// URL is the base URL, http://127.0.0.1:PORT.
	URL    string
	opts   Options
	moto   *url.URL
	proxy  *httputil.ReverseProxy
	faults *faults
	srv    *http.Server
	stop   chan struct{}
	once   sync.Once
	keys   principals
	client *http.Client
	// hangs counts calls parked by the hang fault, so tests can wait for one.
	hangs atomic.Int64
}

type handler func(w http.ResponseWriter, r *http.Request, req request, who principal) error

// Start listens on a free 127.0.0.1 port and serves until Close.
func Start(opts Options) (*Gateway, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.World == nil {
		opts.World = &World{}
	}
	for i, f := range opts.Faults {
		if err := f.Validate(); err != nil {
			return nil, fmt.Errorf("fault %d: %w", i+1, err)
		}
	}
	mu, err := url.Parse(opts.MotoURL)
	if err != nil || mu.Host == "" {
		return nil, fmt.Errorf("moto URL %q is not a URL", opts.MotoURL)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("gateway listen: %w", err)
	}
	g := &Gateway{
		URL: "http://" + ln.Addr().String(), opts: opts, moto: mu,
		faults: newFaults(opts.Faults, opts.Seed), stop: make(chan struct{}),
		keys:   principals{m: map[string]principal{}},
		client: &http.Client{Timeout: 60 * time.Second}, // moto's first AssumeRole can take 10 s on a busy machine
	}
	g.proxy = &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(mu) }, ModifyResponse: g.modifyResponse}
	g.srv = &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = g.srv.Serve(ln) }()
	return g, nil
}

// Close stops the gateway, releasing hanging calls; safe to call twice.
func (g *Gateway) Close() error {
	var err error
	g.once.Do(func() {
		close(g.stop)
		err = g.srv.Close()
	})
	return err
}

// ServeHTTP classifies, maybe faults, then serves or proxies one call and audits it.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		http.Error(w, "reading request", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	req := classify(r.Method, r.URL.Path, r.URL.Query(), r.Header, body)
	who := g.who(r, req)
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	call := audit.Call{Time: g.opts.Now().UTC(), Service: req.Service, Operation: req.Operation,
		Principal: who.ARN, Account: who.Account, AccessKeyID: req.AccessKey, Served: "moto"}
	defer func() {
		if call.Fault == scenario.FaultReset {
			return // audited before the connection was dropped
		}
		call.Status = rec.status
		if call.Error == "" {
			call.Error = rec.errorCode()
		}
		g.audit(call)
	}()

	if f, delay, ok := g.faults.pick(req.Service, req.Operation); ok {
		call.Fault = f.Kind
		if f.Kind == scenario.FaultReset {
			// Audit first: once the connection is gone the client may read the log at once.
			call.Served, call.Status = "gateway", 0
			g.audit(call)
		}
		if done := g.inject(rec, r, req, f, delay); done {
			call.Served = "gateway"
			if f.Kind == scenario.FaultHang {
				rec.status = 0
			}
			return
		}
	}
	if g.authorize(rec, r, req, who, body, &call) {
		call.Served = "gateway"
		return
	}
	if h := g.served(req); h != nil {
		call.Served = "gateway"
		if err := h(rec, r, req, who); err != nil {
			var ae awsError
			if errors.As(err, &ae) {
				writeError(rec, req.Protocol, ae)
				return
			}
			writeError(rec, req.Protocol, awsError{400, "ValidationException", err.Error()})
		}
		return
	}
	g.proxy.ServeHTTP(rec, withRequest(r, req))
}

func (g *Gateway) audit(c audit.Call) {
	if g.opts.Audit != nil {
		_ = g.opts.Audit.Write(c)
	}
}

// Error makes awsError usable with errors.As.
func (e awsError) Error() string { return e.Code + ": " + e.Message }

// served returns the handler for operations the gateway answers itself, or nil.
func (g *Gateway) served(req request) handler {
	switch req.Service + ":" + req.Operation {
	case "ssm:DescribeInstanceInformation":
		return g.describeInstanceInformation
	case "ssm:GetServiceSetting":
		return g.getServiceSetting
	case "ssm:GetConnectionStatus":
		return g.getConnectionStatus
	case "ssm:DescribeSessions":
		return g.describeSessions
	case "sso:ListAccounts":
		return g.listAccounts
	case "sso:ListAccountRoles":
		return g.listAccountRoles
	case "sso:GetRoleCredentials":
		return g.getRoleCredentials
	case "sso:Logout":
		return g.logout
	case "iam:SimulatePrincipalPolicy":
		return g.simulatePrincipalPolicy
	case "sso-admin:GetPermissionsBoundaryForPermissionSet":
		return g.getPermissionsBoundary
	case "sso-admin:DescribeInstanceAccessControlAttributeConfiguration":
		return g.describeAccessControlAttributes
	case "sso-admin:ListAccountsForProvisionedPermissionSet":
		return g.listAccountsForProvisionedPermissionSet
	case "sso-admin:ListPermissionSetsProvisionedToAccount":
		return g.listPermissionSetsProvisionedToAccount
	}
	if req.Service == "organizations" {
		return g.organizations(req.Operation)
	}
	return nil
}

// inject applies a fault; it reports whether the call has been answered.
func (g *Gateway) inject(w http.ResponseWriter, r *http.Request, req request, f scenario.Fault, delay time.Duration) bool {
	switch f.Kind {
	case scenario.FaultLatency:
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-g.stop:
		}
		return false
	case scenario.FaultThrottle:
		writeError(w, req.Protocol, throttleError(req.Protocol))
	case scenario.Fault500:
		writeError(w, req.Protocol, serverError(req.Protocol, 500))
	case scenario.Fault503:
		writeError(w, req.Protocol, serverError(req.Protocol, 503))
	case scenario.FaultDenied:
		if req.Protocol == protoRestJSON { // the portal refuses with 403 ForbiddenException
			writeError(w, req.Protocol, awsError{403, "ForbiddenException", "No access"})
			break
		}
		writeError(w, req.Protocol, accessDenied(req.Protocol, "injected fault: not authorized to perform "+req.Service+":"+req.Operation))
	case scenario.FaultExpired:
		writeError(w, req.Protocol, expiredCredentials(req.Protocol))
	case scenario.FaultReset:
		resetConnection(w)
	case scenario.FaultHang:
		g.hangs.Add(1)
		defer g.hangs.Add(-1)
		select {
		case <-r.Context().Done():
		case <-g.stop:
		}
		// A hang never answers: drop the connection instead of an empty 200.
		resetConnection(w)
	}
	return true
}

// resetConnection closes the client's TCP connection with RST (SO_LINGER 0).
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// recorder keeps the status and, for errors, the start of the body to find the error code.
type recorder struct {
	http.ResponseWriter
	status int
	errBuf bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status >= 400 && r.errBuf.Len() < 4096 {
		r.errBuf.Write(p)
	}
	return r.ResponseWriter.Write(p)
}

func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("hijack not supported")
	}
	return hj.Hijack()
}

func (r *recorder) errorCode() string {
	if r.status < 400 {
		return ""
	}
	return errorCodeOf(r.Header().Get("X-Amzn-Errortype"), r.errBuf.Bytes())
}
