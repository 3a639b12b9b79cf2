package readiness

import (
	"path"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
)

// StartSession is an `aws ssm start-session` found in an ssh ProxyCommand.
type StartSession struct {
	Profile  string `json:"profile,omitempty"`
	Region   string `json:"region,omitempty"`
	Target   string `json:"target,omitempty"`
	Document string `json:"document,omitempty"`
}

// maxNesting bounds `sh -c "sh -c ..."` unwrapping.
const maxNesting = 4

// ParseProxyCommand finds `aws ssm start-session` in a ProxyCommand, also
// inside `sh -c "..."`, PowerShell's command string, `exec` or `env`, with
// its --profile, --region, --target and --document-name (or AWS_PROFILE,
// AWS_REGION, AWS_DEFAULT_REGION assigned before it). ok is false when the
// command does not start a session.
func ParseProxyCommand(cmd string) (StartSession, bool) {
	return parseCommand(cmd, 0)
}

func parseCommand(cmd string, depth int) (StartSession, bool) {
	if depth > maxNesting || !strings.Contains(cmd, "start-session") {
		return StartSession{}, false
	}
	words, err := awsconfig.ShellSplit(cmd)
	if err != nil {
		words = strings.Fields(strings.NewReplacer(`"`, " ", `'`, " ").Replace(cmd))
	}
	var env StartSession
	for i, w := range words {
		if k, v, ok := strings.Cut(w, "="); ok && isEnvName(k) {
			switch k {
			case "AWS_PROFILE":
				env.Profile = v
			case "AWS_REGION":
				env.Region = v
			case "AWS_DEFAULT_REGION":
				if env.Region == "" {
					env.Region = v
				}
			}
			continue
		}
		base := strings.ToLower(path.Base(strings.ReplaceAll(w, `\`, "/")))
		if base == "aws" || base == "aws.exe" || base == "aws.cmd" {
			if s, ok := parseAWS(words[i+1:]); ok {
				if s.Profile == "" {
					s.Profile = env.Profile
				}
				if s.Region == "" {
					s.Region = env.Region
				}
				return s, true
			}
		}
		if strings.ContainsAny(w, " \t") {
			if s, ok := parseCommand(w, depth+1); ok {
				return s, true
			}
		}
	}
	return StartSession{}, false
}

func isEnvName(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// parseAWS reads the AWS CLI's arguments: global options may come before or
// after "ssm start-session".
func parseAWS(args []string) (StartSession, bool) {
	var s StartSession
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		if !strings.HasPrefix(name, "--") {
			positional = append(positional, a)
			continue
		}
		if !hasVal && i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
			i++
			val = args[i]
		}
		switch name {
		case "--profile":
			s.Profile = val
		case "--region":
			s.Region = val
		case "--target":
			s.Target = val
		case "--document-name":
			s.Document = val
		}
	}
	if len(positional) < 2 || positional[0] != "ssm" || positional[1] != "start-session" {
		return StartSession{}, false
	}
	return s, true
}
