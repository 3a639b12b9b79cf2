package gateway

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

// unsupportedCode names the answer the gateway gives when moto cannot: a 501, which SDKs
// do not retry, instead of moto's HTML 500 that clients retry and then report vaguely.
const unsupportedCode = "SandboxUnsupportedOperation"

// modifyResponse post-processes moto's answers on their way to the client.
func (g *Gateway) modifyResponse(resp *http.Response) error {
	if err := g.explainUnsupported(resp); err != nil {
		return err
	}
	return g.addExternalIDs(resp)
}

// explainUnsupported turns moto's HTML "internal error" (an operation moto does not
// implement, or a moto bug) into a protocol-shaped error naming the operation.
func (g *Gateway) explainUnsupported(resp *http.Response) error {
	if resp.StatusCode != http.StatusInternalServerError || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return nil
	}
	req, _ := resp.Request.Context().Value(requestKey{}).(request)
	_ = resp.Body.Close()
	rec := httptest.NewRecorder()
	writeError(rec, req.Protocol, awsError{http.StatusNotImplemented, unsupportedCode,
		fmt.Sprintf("the sandbox cannot answer %s:%s (moto does not implement it, or failed); serve it in internal/sandbox/gateway if a tool needs it", req.Service, req.Operation)})
	body := rec.Body.Bytes()
	resp.StatusCode, resp.Status = rec.Code, fmt.Sprintf("%d %s", rec.Code, http.StatusText(rec.Code))
	resp.Header = rec.Header()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return nil
}
