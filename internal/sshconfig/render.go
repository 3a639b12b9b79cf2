// This file renders the ~/.ssh/config block that runs ssh over Session
// Manager with ssm-canconnect --preflight in front, for a POSIX shell or for
// Windows OpenSSH (PowerShell). It is printed, never written.

package sshconfig

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/ssmkit/ssmkit/internal/shell"
)

// Shells ssh-config can write a ProxyCommand for.
const (
	ShellPOSIX      = "sh"
	ShellPowerShell = "powershell"
)

// PowerShellPath is where Windows keeps Windows PowerShell; Windows OpenSSH
// starts the ProxyCommand without a shell, so the command names it in full
// (Systems Manager User Guide, "Allow and control permissions for SSH
// connections through Session Manager").
const PowerShellPath = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`

// SSHDocument is the session document ssh runs through.
const SSHDocument = "AWS-StartSSHSession"

// Options say whose credentials and which region the sessions use.
type Options struct {
	// Profile and Region are passed to both commands; empty leaves them out.
	Profile, Region string
	// Shell is ShellPOSIX (default) or ShellPowerShell.
	Shell string
	// Tool is how the block invokes ssm-canconnect (default the bare name).
	Tool string
	// Comment is a line saying how the block was made.
	Comment string
}

// Render returns the Host block. A profile or region holding a control
// character (a newline would end the config line) is refused, as is, for
// PowerShell, a double quote the Windows command line cannot carry.
func Render(o Options) (string, error) {
	for what, v := range map[string]string{"profile": o.Profile, "region": o.Region} {
		if strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return "", fmt.Errorf("the %s name %q holds a control character, which cannot go in an ssh config line", what, v)
		}
	}
	if o.Tool == "" {
		o.Tool = "ssm-canconnect"
	}
	var proxy string
	switch o.Shell {
	case "", ShellPOSIX:
		proxy = posix(o)
	case ShellPowerShell:
		var err error
		if proxy, err = powerShell(o); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("unknown --shell %q: use %s or %s", o.Shell, ShellPOSIX, ShellPowerShell)
	}
	var b strings.Builder
	b.WriteString("# SSH over Session Manager; ssm-canconnect --preflight stops a connection that cannot work and says why.\n")
	if o.Comment != "" {
		b.WriteString("# " + strings.ReplaceAll(o.Comment, "\n", " ") + "\n")
	}
	b.WriteString("Host i-* mi-*\n")
	b.WriteString("    ProxyCommand " + proxy + "\n")
	return b.String(), nil
}

// flags are --profile and --region as argument lists.
func flags(o Options) []string {
	var f []string
	if o.Profile != "" {
		f = append(f, "--profile", o.Profile)
	}
	if o.Region != "" {
		f = append(f, "--region", o.Region)
	}
	return f
}

// posix runs both commands in one sh, the target and port as its
// positional parameters, since OpenSSH execs the ProxyCommand ("exec ...")
// and an && in it would never run. Every argument is quoted for the inner
// sh, the script again for the outer one, and % doubled for ssh.
func posix(o Options) string {
	pre := shell.Join(append([]string{o.Tool, "--preflight", "--session", "ssh"}, flags(o)...)...) + ` "$1"`
	start := shell.Join(append([]string{"exec", "aws", "ssm", "start-session"}, flags(o)...)...) +
		` --target "$1" --document-name ` + SSHDocument + ` --parameters "portNumber=$2"`
	return "sh -c " + escapePercent(shell.Quote(pre+" && "+start)) + " sh %h %p"
}

// powerShell runs both commands in Windows PowerShell; strings are
// single-quoted PowerShell literals inside the one double-quoted -Command
// argument of the Windows command line.
func powerShell(o Options) (string, error) {
	f := flags(o)
	quoted := make([]string, len(f))
	for i, a := range f {
		if i%2 == 0 {
			quoted[i] = a // the flag's name
			continue
		}
		q, err := psQuote(a)
		if err != nil {
			return "", err
		}
		quoted[i] = q
	}
	tool, err := psQuote(o.Tool)
	if err != nil {
		return "", err
	}
	rest := strings.Join(quoted, " ")
	if rest != "" {
		rest = " " + rest
	}
	script := "& " + tool + " --preflight --session ssh" + rest + " %h; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }; " +
		"aws ssm start-session" + rest + " --target %h --document-name " + SSHDocument + " --parameters portNumber=%p"
	return PowerShellPath + ` -NoProfile -NonInteractive -Command "` + escapePercentExcept(script, "%h", "%p") + `"`, nil
}

// psQuote is a PowerShell single-quoted literal: inside one, only quote
// characters (' and its typographic forms, which PowerShell also accepts)
// mean something, and doubling escapes them. A double quote would end the
// Windows command-line argument, so it is refused.
func psQuote(s string) (string, error) {
	if strings.ContainsAny(s, "\"\u201c\u201d\u201e") {
		return "", fmt.Errorf("%q holds a double quote, which the Windows command line of a PowerShell ProxyCommand cannot carry", s)
	}
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String(), nil
}

// escapePercent doubles every %: ssh expands %-tokens in a ProxyCommand.
func escapePercent(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// escapePercentExcept doubles every % but the given tokens'.
func escapePercentExcept(s string, keep ...string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			kept := false
			for _, k := range keep {
				if strings.HasPrefix(s[i:], k) {
					b.WriteString(k)
					i += len(k) - 1
					kept = true
					break
				}
			}
			if kept {
				continue
			}
			b.WriteString("%%")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
