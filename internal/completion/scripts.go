package completion

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// shells lists the supported shells with the script generator for each and
// how a user installs the script, in the order help shows them.
var shells = []struct {
	name    string
	gen     func(c *cobra.Command, w io.Writer) error
	install string
}{
	{"bash", func(c *cobra.Command, w io.Writer) error { return c.GenBashCompletionV2(w, true) },
		`source <(PROG completion bash)     # this shell (needs the bash-completion package)
PROG completion bash > ~/.local/share/bash-completion/completions/PROG     # every new shell`},
	{"zsh", func(c *cobra.Command, w io.Writer) error { return c.GenZshCompletion(w) },
		`source <(PROG completion zsh)     # this shell (after compinit)
PROG completion zsh > "${fpath[1]}/_PROG"     # every new shell (any directory on $fpath)`},
	{"fish", func(c *cobra.Command, w io.Writer) error { return c.GenFishCompletion(w, true) },
		`PROG completion fish | source     # this shell
PROG completion fish > ~/.config/fish/completions/PROG.fish     # every new shell`},
	{"powershell", func(c *cobra.Command, w io.Writer) error { return c.GenPowerShellCompletionWithDesc(w) },
		`PROG completion powershell | Out-String | Invoke-Expression     # this session; add it to $PROFILE for every new one`},
}

// Shells lists the shells Script supports.
func Shells() []string {
	names := make([]string, len(shells))
	for i, s := range shells {
		names[i] = s.name
	}
	return names
}

// Script writes the completion script of shell for the program prog. The
// script asks prog itself for candidates (prog __complete ...), so it never
// goes stale when flags or profiles change.
func Script(w io.Writer, shell, prog string) error {
	for _, s := range shells {
		if s.name == shell {
			// cobra's generators need only the program's name: every
			// answer comes from Complete at run time.
			return s.gen(&cobra.Command{Use: prog}, w)
		}
	}
	return fmt.Errorf("unknown shell %q: use one of %s", shell, strings.Join(Shells(), ", "))
}

// Install says, for every shell, how to install prog's script.
func Install(prog string) string {
	var b strings.Builder
	for _, s := range shells {
		fmt.Fprintf(&b, "%s:\n", s.name)
		for _, l := range strings.Split(strings.ReplaceAll(s.install, "PROG", prog), "\n") {
			fmt.Fprintf(&b, "   %s\n", l)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
