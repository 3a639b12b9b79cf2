package readiness

import (
	"fmt"
	"github.com/ssmkit/ssmkit/internal/check"
	"path/filepath"
	"strconv"

	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/sshconfig"
)

// ProfileState is what this machine's AWS config says of a profile, offline.
type ProfileState struct {
	Exists   bool
	LoggedIn bool
	Account  string
	Region   string
	// Fix is the command that logs it in, when it is not.
	Fix string
}

// ProfileLookup answers for a profile name; "" is the profile ssh would get
// from the environment (AWS_PROFILE, else [default]).
type ProfileLookup func(name string) ProfileState

// ProxyHost is one ssh Host whose ProxyCommand starts a Session Manager session.
type ProxyHost struct {
	Host    string `json:"host"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Profile string `json:"profile,omitempty"`
	// ProfileFound and LoggedIn are what this machine's AWS config says.
	ProfileFound bool   `json:"profileFound"`
	LoggedIn     bool   `json:"loggedIn"`
	Account      string `json:"account,omitempty"`
	Region       string `json:"region,omitempty"`
	Document     string `json:"document,omitempty"`
	Problem      string `json:"problem,omitempty"`
}

// CheckSSHConfig lists every Host in ~/.ssh/config (and what it Includes)
// whose ProxyCommand runs `aws ssm start-session`, and checks the profile it
// uses: defined here, logged in, with a region. A ProxyCommand naming the
// wrong profile connects as the wrong identity, or not at all.
func CheckSSHConfig(hosts []sshconfig.Host, lookup ProfileLookup) Check {
	c := Check{ID: "local.ssh-config", Title: "ssh ProxyCommand profiles", Status: Pass}
	var found []ProxyHost
	for _, h := range hosts {
		s, ok := ParseProxyCommand(h.Get("proxycommand"))
		if !ok {
			continue
		}
		ph := ProxyHost{Host: h.Name(), File: h.File, Line: h.Line, Profile: s.Profile, Region: s.Region, Document: s.Document}
		st := lookup(s.Profile)
		ph.ProfileFound, ph.LoggedIn, ph.Account = st.Exists, st.LoggedIn, st.Account
		if ph.Region == "" {
			ph.Region = st.Region
		}
		where := filepath.Base(h.File) + ":" + strconv.Itoa(h.Line)
		name := "the default profile"
		if s.Profile != "" {
			name = "profile " + profiles.ShellQuote(s.Profile)
		}
		status, fix := Pass, ""
		switch {
		case !st.Exists && s.Profile != "":
			status, ph.Problem = Fail, fmt.Sprintf("Host %s (%s) uses %s, which no AWS config file on this machine defines", ph.Host, where, name)
			fix = fmt.Sprintf("change --profile in %s to a profile that reaches the target's account (ssm-profiles lists them)", where)
		case !st.Exists:
			status, ph.Problem = Warn, fmt.Sprintf("Host %s (%s) names no --profile: it uses AWS_PROFILE at the time you connect, and there is no [default]", ph.Host, where)
			fix = fmt.Sprintf("add --profile NAME to the ProxyCommand in %s", where)
		case !st.LoggedIn:
			status, ph.Problem = Fail, fmt.Sprintf("Host %s (%s) uses %s, which is not logged in", ph.Host, where, name)
			fix = st.Fix
		case ph.Region == "":
			status, ph.Problem = Warn, fmt.Sprintf("Host %s (%s) uses %s, which has no region, and the command names none", ph.Host, where, name)
			fix = fmt.Sprintf("add --region REGION to the ProxyCommand in %s", where)
		}
		if ph.Problem != "" && (check.Worst(c.Status, status) != c.Status || c.Reason == "") {
			c.Reason = ph.Problem
		}
		c.Status = check.Worst(c.Status, status)
		if fix != "" {
			c.Fixes = append(c.Fixes, fixOf(fix))
		}
		found = append(found, ph)
	}
	c.Evidence = found
	switch {
	case len(found) == 0:
		c.Status, c.Reason = Skip, "no Host in the ssh config runs aws ssm start-session"
	case c.Reason == "":
		c.Reason = fmt.Sprintf("%d ProxyCommand host(s), each with a logged-in profile", len(found))
	}
	return c
}
