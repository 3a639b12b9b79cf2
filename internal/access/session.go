package access

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// Kind is the kind of session a user starts.
type Kind string

// The session kinds and the AWS documents that start them.
const (
	Shell             Kind = "shell"
	SSH               Kind = "ssh"
	PortForward       Kind = "port-forward"
	RemotePortForward Kind = "remote-port-forward"
	// Document is a session started with a document named by --document.
	Document Kind = "document"
)

// Kinds lists the named kinds, in the order --list prints them.
var Kinds = []Kind{Shell, SSH, PortForward, RemotePortForward}

// Session is the kind of session and the document it runs.
type Session struct {
	Kind Kind `json:"kind"`
	// Document is the session document: for a shell session without a
	// document name, the account's SSM-SessionManagerRunShell.
	Document string `json:"document"`
	// DefaultDocument is true when the session is started without a
	// document name (aws ssm start-session --target ID).
	DefaultDocument bool `json:"defaultDocument,omitempty"`
}

// documents maps the kinds to AWS's documents.
var documents = map[Kind]string{
	SSH:               "AWS-StartSSHSession",
	PortForward:       "AWS-StartPortForwardingSession",
	RemotePortForward: "AWS-StartPortForwardingSessionToRemoteHost",
}

// SessionOf returns the session of a kind; a shell session uses the default
// document, started without a document name.
func SessionOf(k Kind) (Session, error) {
	if k == Shell {
		return Session{Kind: Shell, Document: policy.DefaultSessionDocument, DefaultDocument: true}, nil
	}
	if doc, ok := documents[k]; ok {
		return Session{Kind: k, Document: doc}, nil
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return Session{}, fmt.Errorf("unknown session kind %q: use %s, or --document NAME", k, strings.Join(names, ", "))
}

// SessionWithDocument is a session started with --document-name name.
func SessionWithDocument(name string) Session {
	for k, doc := range documents {
		if doc == name {
			return Session{Kind: k, Document: name}
		}
	}
	if name == policy.DefaultSessionDocument {
		return Session{Kind: Shell, Document: name}
	}
	return Session{Kind: Document, Document: name}
}

// knownSessionTypes are the session types of the AWS-owned documents, which
// no account can read with GetDocument into a different shape.
var knownSessionTypes = map[string]string{
	"AWS-StartSSHSession":                        "Port",
	"AWS-StartPortForwardingSession":             "Port",
	"AWS-StartPortForwardingSessionToRemoteHost": "Port",
	"AWS-StartPortForwardingSessionToSocket":     "Port",
	"AWS-StartInteractiveCommand":                "InteractiveCommands",
	"AWS-StartNonInteractiveCommand":             "NonInteractiveCommands",
	policy.DefaultSessionDocument:                "Standard_Stream",
}

// KnownSessionType is the session type of an AWS-owned document or the
// default shell document, without a call; ok is false for other documents.
func KnownSessionType(document string) (string, bool) {
	t, ok := knownSessionTypes[document]
	return t, ok
}

// UsesKMS reports whether a session of this session type is encrypted with
// the preferences' KMS key: the agent turns encryption off for its Port
// plugin, which runs SSH and port forwarding (amazon-ssm-agent,
// agent/session/plugins/sessionplugin/sessionplugin.go, isEncryptionEnabled:
// kmsKeyId != "" && pluginName != PluginNamePort).
func UsesKMS(sessionType string) bool {
	return sessionType != "Port"
}

// DocumentARN is the ARN ssm:StartSession authorizes for the session's
// document in region and account (AWS-owned documents have no account).
func (s Session) DocumentARN(partition, region, account string) string {
	return policy.DocumentARN(partition, region, account, s.Document)
}
