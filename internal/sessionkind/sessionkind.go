// Package sessionkind names the kinds of Session Manager session ssmkit
// reasons about and the AWS document each one starts. It is the one list
// --session flags, their completion and their help text share.
package sessionkind

import (
	"fmt"
	"strings"
)

// Kind is a kind of session, as --session takes it.
type Kind string

// The kinds of session. The documents are the ones Session Manager uses
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html):
// a shell session without --document-name runs the account's
// SSM-SessionManagerRunShell preferences document.
const (
	Shell             Kind = "shell"
	SSH               Kind = "ssh"
	PortForward       Kind = "port-forward"
	RemotePortForward Kind = "remote-port-forward"
)

// Default is the kind a tool assumes when none is given.
const Default = Shell

// info is what is known about one kind.
type info struct {
	kind     Kind
	document string
	about    string
}

// table lists every kind once, in the order help text shows them.
var table = [...]info{
	{Shell, "SSM-SessionManagerRunShell", "interactive shell (aws ssm start-session)"},
	{SSH, "AWS-StartSSHSession", "SSH through Session Manager (ssh ProxyCommand)"},
	{PortForward, "AWS-StartPortForwardingSession", "forward a local port to a port on the target"},
	{RemotePortForward, "AWS-StartPortForwardingSessionToRemoteHost", "forward a local port to a host the target reaches"},
}

// All returns every kind, in help order.
func All() []Kind {
	out := make([]Kind, len(table))
	for i, in := range table {
		out[i] = in.kind
	}
	return out
}

// Names returns every kind's name joined by sep, for help text and errors.
func Names(sep string) string {
	names := make([]string, len(table))
	for i, in := range table {
		names[i] = string(in.kind)
	}
	return strings.Join(names, sep)
}

// Parse validates a --session value (case-insensitive).
func Parse(s string) (Kind, error) {
	for _, in := range table {
		if strings.EqualFold(s, string(in.kind)) {
			return in.kind, nil
		}
	}
	return "", fmt.Errorf("unknown session kind %q: use one of %s", s, Names(", "))
}

// Document is the Session Manager document a session of this kind starts;
// "" for a kind Parse would refuse.
func (k Kind) Document() string {
	for _, in := range table {
		if in.kind == k {
			return in.document
		}
	}
	return ""
}

// About is a short description of the kind, for help and completion.
func (k Kind) About() string {
	for _, in := range table {
		if in.kind == k {
			return in.about
		}
	}
	return ""
}
