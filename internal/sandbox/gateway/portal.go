package gateway

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// portalUser checks the bearer token the way the portal does: unknown or expired is 401.
func (g *Gateway) portalUser(r *http.Request) (string, error) {
	s, ok := g.opts.World.Portal.Tokens[r.Header.Get("X-Amz-Sso_bearer_token")]
	if !ok || !g.opts.Now().Before(s.Expires) {
		return "", awsError{401, "UnauthorizedException", "Session token not found or invalid"}
	}
	return s.User, nil
}

func portalPageSize(q url.Values) (int, error) {
	v := q.Get("max_result")
	if v == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		return 0, awsError{400, "InvalidRequestException", "max_result must be between 1 and 100"}
	}
	return n, nil
}

// listAccounts lists the accounts where the signed-in user has at least one role.
func (g *Gateway) listAccounts(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	user, err := g.portalUser(r)
	if err != nil {
		return err
	}
	size, err := portalPageSize(r.URL.Query())
	if err != nil {
		return err
	}
	var ids []string
	for id := range g.opts.World.Portal.Roles[user] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	start, end, next, err := page(r.URL.Query().Get("next_token"), len(ids), size)
	if err != nil {
		return err
	}
	list := []map[string]string{}
	for _, id := range ids[start:end] {
		a := g.opts.World.Portal.Accounts[id]
		list = append(list, map[string]string{"accountId": id, "accountName": a.Name, "emailAddress": a.Email})
	}
	return writePortal(w, map[string]any{"accountList": list, "nextToken": nullable(next)})
}

// listAccountRoles lists the permission sets the user may use in one account.
func (g *Gateway) listAccountRoles(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	user, err := g.portalUser(r)
	if err != nil {
		return err
	}
	size, err := portalPageSize(r.URL.Query())
	if err != nil {
		return err
	}
	account := r.URL.Query().Get("account_id")
	roles := append([]string(nil), g.opts.World.Portal.Roles[user][account]...)
	sort.Strings(roles)
	start, end, next, err := page(r.URL.Query().Get("next_token"), len(roles), size)
	if err != nil {
		return err
	}
	list := []map[string]string{}
	for _, name := range roles[start:end] {
		list = append(list, map[string]string{"roleName": name, "accountId": account})
	}
	return writePortal(w, map[string]any{"roleList": list, "nextToken": nullable(next)})
}

// getRoleCredentials assumes the AWSReservedSSO role in moto with the user as session name,
// so that GetCallerIdentity answers as AWS does for SSO sessions.
func (g *Gateway) getRoleCredentials(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	user, err := g.portalUser(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	account, role := q.Get("account_id"), q.Get("role_name")
	allowed := false
	for _, ps := range g.opts.World.Portal.Roles[user][account] {
		allowed = allowed || ps == role
	}
	arn := g.opts.World.Portal.RoleARNs[account+"/"+role]
	if !allowed || arn == "" {
		return awsError{403, "ForbiddenException", "No access"}
	}
	dur := g.opts.World.Portal.SessionHours[role]
	if dur == 0 {
		dur = time.Hour
	}
	creds, err := AssumeRoleInMoto(r.Context(), g.client, g.moto.String(), "SANDBOXPORTAL", arn, user, dur)
	if err != nil {
		return awsError{500, "InternalServerException", "assuming " + arn + ": " + err.Error()}
	}
	g.keys.put(creds.AccessKeyID, principal{ARN: creds.AssumedARN, Account: account, UserID: creds.AssumedRoleID})
	return writePortal(w, map[string]any{"roleCredentials": map[string]any{
		"accessKeyId": creds.AccessKeyID, "secretAccessKey": creds.SecretAccessKey,
		"sessionToken": creds.SessionToken, "expiration": g.opts.Now().Add(dur).UnixMilli(),
	}})
}

func (g *Gateway) logout(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	w.WriteHeader(http.StatusOK)
	return nil
}

// RoleCredentials are the credentials moto's sts:AssumeRole returned.
type RoleCredentials struct {
	AccessKeyID     string `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
	SecretAccessKey string `xml:"AssumeRoleResult>Credentials>SecretAccessKey"`
	SessionToken    string `xml:"AssumeRoleResult>Credentials>SessionToken"`
	AssumedARN      string `xml:"AssumeRoleResult>AssumedRoleUser>Arn"`
	// AssumedRoleID is ROLEID:SESSION, what aws:userid holds for the session.
	AssumedRoleID string `xml:"AssumeRoleResult>AssumedRoleUser>AssumedRoleId"`
}

// AssumeRoleInMoto calls moto's sts:AssumeRole directly, never through a gateway, so the
// audit log holds only the tools' own calls. The request is unsigned (moto does not check
// signatures); callerKey is the access key moto sees. dur 0 leaves moto's default (1h).
func AssumeRoleInMoto(ctx context.Context, client *http.Client, motoURL, callerKey, roleARN, session string, dur time.Duration) (RoleCredentials, error) {
	form := url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleArn": {roleARN}, "RoleSessionName": {session}}
	if dur > 0 {
		form.Set("DurationSeconds", strconv.Itoa(int(dur.Seconds())))
	}
	resp, err := postMotoSTS(ctx, client, motoURL, callerKey, form)
	if err != nil {
		return RoleCredentials{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return RoleCredentials{}, fmt.Errorf("moto answered %s", resp.Status)
	}
	var out RoleCredentials
	err = xml.NewDecoder(resp.Body).Decode(&out)
	return out, err
}

// postMotoSTS sends an STS query-protocol call to moto as the owner of callerKey, unsigned:
// moto does not check signatures, only which access key the Authorization header names.
func postMotoSTS(ctx context.Context, client *http.Client, motoURL, callerKey string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(motoURL, "/")+"/", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+callerKey+"/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
	return client.Do(req)
}

func writePortal(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
