// Package awsalias writes the AWS CLI alias block that makes `aws whoami`,
// `aws profiles`, `aws canconnect` and `aws readiness` run the ssmkit tools
// (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-alias.html).
// It is printed for the user to add to ~/.aws/cli/alias, never written.
package awsalias

import (
	"fmt"
	"strings"
)

// Alias is one `aws NAME` alias: the tool it runs and how the AWS CLI's
// --profile and --region reach that tool.
type Alias struct {
	Name string
	Tool string
	// ProfileArg passes --profile as an argument (ssm-profiles' name glob:
	// show that profile) rather than as AWS_PROFILE.
	ProfileArg bool
	// RegionFlag passes --region as the tool's own --region (ssm-profiles'
	// filter) rather than as AWS_REGION.
	RegionFlag bool
}

// Suite is the alias of every ssmkit tool.
func Suite() []Alias {
	return []Alias{
		{Name: "whoami", Tool: "ssm-whoami"},
		{Name: "profiles", Tool: "ssm-profiles", ProfileArg: true, RegionFlag: true},
		{Name: "canconnect", Tool: "ssm-canconnect"},
		{Name: "readiness", Tool: "ssm-readiness"},
	}
}

// globals reads one of the AWS CLI's global options from the command line
// of the aws process that runs the alias. The AWS CLI parses its global
// options (--profile, --region, --output, ...) itself and hands a `!` alias
// only the other arguments (aws/aws-cli#3102), so the alias recovers them:
// /proc/PID/cmdline keeps every argument exact (Linux, WSL); ps(1) splits
// on spaces (macOS). The alias runs under /bin/sh, whose parent ($PPID) is
// the aws process.
const globals = `g() { { tr '\000' '\n' < "/proc/$PPID/cmdline" || ps -o args= -p "$PPID" | tr ' ' '\n'; } 2>/dev/null | sed -n -e "/^--$1\$/{n;p;q;}" -e "s/^--$1=//p" | head -n 1; }`

// Text is the alias of a in the alias file's syntax: an indented shell
// function (configparser continuation lines; no line starts with # or ;).
func (a Alias) Text() string {
	lines := []string{
		globals,
		`p=$(g profile) r=$(g region) o=$(g output) e=$(g endpoint-url) c=$(g color)`,
	}
	if a.ProfileArg {
		lines = append(lines, `if [ -n "$p" ]; then set -- "$@" "$p"; fi`)
	} else {
		// An explicit --profile makes the AWS CLI ignore credentials in the
		// environment; so it does here.
		lines = append(lines, `if [ -n "$p" ]; then export AWS_PROFILE="$p"; unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN; fi`)
	}
	if a.RegionFlag {
		lines = append(lines, `if [ -n "$r" ]; then set -- --region "$r" "$@"; fi`)
	} else {
		lines = append(lines, `if [ -n "$r" ]; then export AWS_REGION="$r" AWS_DEFAULT_REGION="$r"; fi`)
	}
	lines = append(lines,
		`if [ -n "$e" ]; then export AWS_ENDPOINT_URL="$e"; fi`,
		// yaml-stream is the AWS CLI's name for what ssmkit's yaml prints.
		`if [ "$o" = yaml-stream ]; then o=yaml; fi`,
		`if [ -n "$o" ]; then set -- -o "$o" "$@"; fi`,
		`if [ "$c" = off ]; then set -- --no-color "$@"; fi`,
		a.Tool+` "$@"`,
	)
	var b strings.Builder
	fmt.Fprintf(&b, "%s =\n  !f() {\n", a.Name)
	for _, l := range lines {
		fmt.Fprintf(&b, "    %s\n", l)
	}
	b.WriteString("  }; f\n")
	return b.String()
}

// Header explains the block; it is made of comment lines the AWS CLI skips.
const Header = `# ssmkit (printed by "ssm-profiles aliases"): aws whoami, aws profiles,
# aws canconnect and aws readiness run the ssmkit tools, passing on the AWS CLI's
# --profile, --region, --output, --color off and --endpoint-url.
# Goes in ~/.aws/cli/alias (AWS CLI v1.11.24+ or v2), in its [toplevel] section.
# Shell aliases need /bin/sh: Linux, macOS, WSL.
`

// Block is the whole block: the header, "[toplevel]" when section is true,
// and every alias of the suite.
func Block(section bool) string {
	var b strings.Builder
	b.WriteString(Header)
	if section {
		b.WriteString("[toplevel]\n")
	}
	for _, a := range Suite() {
		b.WriteString(a.Text())
	}
	return b.String()
}
