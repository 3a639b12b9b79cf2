// Package manpage writes a tool's man page from the urfave/cli definitions
// --help prints (name, usage, description, flags, commands), as markdown
// rendered to roff by go-md2man, plus the sections every ssmkit tool shares
// (exit status, environment, see also). urfave's own ToMan loses the
// indented examples and invents a command synopsis for tools without
// commands, hence this page of its own.
package manpage

import (
	"fmt"
	"strings"

	"github.com/cpuguy83/go-md2man/v2/md2man"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/urfave/cli/v2"
)

// Section is the manual section of every ssmkit page: user commands.
const Section = 1

// Tools are the binaries of the suite, for SEE ALSO.
var Tools = []string{"ssm-profiles", "ssm-whoami", "ssm-canconnect", "ssm-readiness"}

// Roff returns app's man page in roff, ready for man(1).
func Roff(app *cli.App) []byte {
	return md2man.Render([]byte(Markdown(app)))
}

// Markdown returns app's man page as go-md2man markdown.
func Markdown(app *cli.App) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %d \"\" %q \"ssmkit manual\"\n\n", app.Name, Section, "ssmkit "+firstWord(app.Version))
	fmt.Fprintf(&b, "# NAME\n%s - %s\n\n", app.Name, escape(app.Usage))
	b.WriteString("# SYNOPSIS\n")
	fmt.Fprintf(&b, "**%s** [*OPTIONS*]%s\n\n", app.Name, argsUsage(app.ArgsUsage))
	cmds := commands(app)
	for _, c := range cmds {
		fmt.Fprintf(&b, "**%s %s**%s%s\n\n", app.Name, c.Name, commandOptions(c), argsUsage(c.ArgsUsage))
	}
	if app.Description != "" {
		fmt.Fprintf(&b, "# DESCRIPTION\n%s\n", text(app.Description))
	}
	if flags := app.VisibleFlags(); len(flags) > 0 {
		fmt.Fprintf(&b, "# OPTIONS\n%s", options(flags))
	}
	if len(cmds) > 0 {
		b.WriteString("# COMMANDS\n")
		for _, c := range cmds {
			fmt.Fprintf(&b, "## %s\n**%s %s**%s\n\n%s\n\n", strings.Join(c.Names(), ", "), app.Name, c.Name, argsUsage(c.ArgsUsage), escape(c.Usage))
			if c.Description != "" {
				fmt.Fprintf(&b, "%s\n", text(c.Description))
			}
			if flags := c.VisibleFlags(); len(flags) > 0 {
				fmt.Fprintf(&b, "%s", options(flags))
			}
		}
	}
	b.WriteString(shared(app.Name))
	return b.String()
}

// commands are the visible commands, without urfave's "help".
func commands(app *cli.App) []*cli.Command {
	var out []*cli.Command
	for _, c := range app.VisibleCommands() {
		if c.Name != "help" {
			out = append(out, c)
		}
	}
	return out
}

// commandOptions is " [*OPTIONS*]" for a command with flags of its own.
func commandOptions(c *cli.Command) string {
	for _, f := range c.VisibleFlags() {
		if f != cli.HelpFlag {
			return " [*OPTIONS*]"
		}
	}
	return ""
}

// argsUsage is " [*PROFILE...*] [*-*]" for "[PROFILE...] [-]".
func argsUsage(u string) string {
	var b strings.Builder
	for _, w := range strings.Fields(u) {
		inner := strings.Trim(w, "[]")
		fmt.Fprintf(&b, " %s*%s*%s", strings.Repeat("[", len(w)-len(strings.TrimLeft(w, "["))),
			escape(inner), strings.Repeat("]", len(w)-len(strings.TrimRight(w, "]"))))
	}
	return b.String()
}

// options is a definition list of flags: names, value and usage.
func options(flags []cli.Flag) string {
	var b strings.Builder
	for _, f := range flags {
		d, ok := f.(cli.DocGenerationFlag)
		if !ok {
			continue
		}
		var names []string
		for _, n := range f.Names() {
			dash := "--"
			if len(n) == 1 {
				dash = "-"
			}
			names = append(names, "**"+escape(dash+n)+"**")
		}
		usage, value := unquote(d.GetUsage())
		term := strings.Join(names, ", ")
		if d.TakesValue() {
			if value == "" {
				value = placeholderFor(f)
			}
			term += " *" + escape(value) + "*"
		}
		if def := defaultOf(d); def != "" {
			usage += " (default: " + def + ")"
		}
		fmt.Fprintf(&b, "%s\n:   %s\n\n", term, escape(oneLine(usage)))
	}
	return b.String()
}

// placeholderFor names a flag's value when its usage does not: by type,
// else the flag's name.
func placeholderFor(f cli.Flag) string {
	switch f.(type) {
	case *cli.DurationFlag:
		return "DURATION"
	case *cli.IntFlag, *cli.Int64Flag, *cli.UintFlag:
		return "N"
	}
	return strings.ToUpper(f.Names()[0])
}

// defaultOf is a flag's default as --help shows it; none for booleans and
// empty values.
func defaultOf(d cli.DocGenerationFlag) string {
	if !d.TakesValue() {
		return ""
	}
	if t := d.GetDefaultText(); t != "" {
		return t
	}
	v := d.GetValue()
	if v == "" || v == `""` || v == "0" {
		return ""
	}
	return strings.Trim(v, `"`)
}

// unquote splits urfave's `NAME` placeholder out of a usage string.
func unquote(usage string) (text, placeholder string) {
	before, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return usage, ""
	}
	name, after, ok := strings.Cut(rest, "`")
	if !ok {
		return usage, ""
	}
	return before + name + after, name
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// shared are the sections every ssmkit page ends with.
func shared(name string) string {
	var b strings.Builder
	b.WriteString("# EXIT STATUS\n")
	for _, e := range []struct {
		code int
		text string
	}{
		{exitcode.OK, "yes / ready / found"},
		{exitcode.No, "no / not ready / nothing matched"},
		{exitcode.Usage, "usage error or bad input (malformed config, bad JSON on stdin, unknown flag)"},
		{exitcode.Unknown, "could not determine (network, throttling, timeout, not allowed to inspect)"},
		{exitcode.Credentials, "credentials missing or expired: log in first (the message names the command)"},
		{exitcode.Interrupted, "interrupted"},
	} {
		fmt.Fprintf(&b, "**%d**\n:   %s\n\n", e.code, escape(e.text))
	}
	b.WriteString("With several records, the exit code is the worst of them (130 > 2 > 4 > 3 > 1 > 0).\n\n")
	b.WriteString("# ENVIRONMENT\n")
	for _, e := range [][2]string{
		{"AWS_PROFILE", "the profile to use when none is named"},
		{"AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE", "the AWS CLI's config and credentials files (default ~/.aws/config, ~/.aws/credentials)"},
		{"AWS_REGION, AWS_DEFAULT_REGION", "override every profile's region, as for the AWS CLI"},
		{"AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>", "send AWS calls elsewhere (a local test world), as the AWS SDKs do"},
		{"HOME, USERPROFILE", "where ~/.aws is, and the SSO token cache ~/.aws/sso/cache"},
		{"NO_COLOR, TERM=dumb", "turn colour off (also --no-color)"},
	} {
		fmt.Fprintf(&b, "%s\n:   %s\n\n", escape(e[0]), escape(e[1]))
	}
	b.WriteString("# SEE ALSO\n")
	var see []string
	for _, t := range Tools {
		if t != name {
			see = append(see, fmt.Sprintf("**%s**(%d)", escape(t), Section))
		}
	}
	fmt.Fprintf(&b, "%s, **aws**(1)\n", strings.Join(see, ", "))
	return b.String()
}
