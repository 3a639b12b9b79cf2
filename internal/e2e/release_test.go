package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestReleaseExtras runs the release archives' before-hook
// (scripts/release-extras.sh) and installs its files as README's Install
// section says: the bash, zsh and fish scripts found by each shell's own
// loader from its completion directory, and the man pages through MANPATH.
// No AWS call is involved: completion reads a config file of its own.
func TestReleaseExtras(t *testing.T) {
	bin := buildTools(t)
	extras := filepath.Join(t.TempDir(), "release")
	run := func(t *testing.T, script string, env ...string) (string, string, error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", script)
		cmd.Dir = filepath.Join("..", "..")
		cmd.Env = append(os.Environ(), append([]string{"PATH=" + bin + ":" + os.Getenv("PATH"), "NO_COLOR=1"}, env...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("%s: did not finish", script)
		}
		return out.String(), errb.String(), err
	}
	if _, stderr, err := run(t, "bash scripts/release-extras.sh "+extras+" v9.9.9"); err != nil {
		t.Fatalf("release-extras.sh: %v\n%s", err, stderr)
	}
	for _, tool := range tools {
		for _, f := range []string{"man/man1/" + tool + ".1", "completions/bash/" + tool, "completions/zsh/_" + tool,
			"completions/fish/" + tool + ".fish", "completions/powershell/" + tool + ".ps1"} {
			if fi, err := os.Stat(filepath.Join(extras, f)); err != nil || fi.Size() == 0 {
				t.Errorf("%s: missing or empty (%v)", f, err)
			}
		}
	}

	home := t.TempDir()
	config := filepath.Join(home, "config")
	if err := os.WriteFile(config, []byte("[profile release-a]\nregion = eu-west-1\n[profile release-b]\nregion = us-east-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "AWS_CONFIG_FILE=" + config, "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "none"), "XDG_DATA_HOME=" + home}
	want := []string{"release-a", "release-b"}

	t.Run("bash finds the script in its completions directory", func(t *testing.T) {
		requireTool(t, "/usr/share/bash-completion/bash_completion", "apt-get install bash-completion")
		script := `set -e
mkdir -p "$XDG_DATA_HOME/bash-completion/completions"
cp ` + extras + `/completions/bash/* "$XDG_DATA_HOME/bash-completion/completions/"
source /usr/share/bash-completion/bash_completion
compopt() { :; }
__load_completion ssm-whoami
COMP_WORDS=(ssm-whoami --profile ''); COMP_CWORD=2; COMP_LINE="ssm-whoami --profile "; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
fn=$(complete -p ssm-whoami | sed 's/.* -F \([^ ]*\) .*/\1/')
"$fn" ssm-whoami '' --profile
IFS='|'; echo "${COMPREPLY[*]}"`
		out, stderr, err := run(t, script, env...)
		if d := cmp.Diff(want, sorted(strings.Split(strings.TrimSpace(out), "|"))); err != nil || d != "" {
			t.Errorf("bash: %v, stderr %s (-want +got):\n%s", err, stderr, d)
		}
	})

	t.Run("fish finds the script on fish_complete_path", func(t *testing.T) {
		requireTool(t, "fish", "apt-get install fish")
		out, stderr, err := run(t, `fish --no-config -c 'set -p fish_complete_path `+extras+`/completions/fish; complete -C "ssm-canconnect --profile "'`, env...)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			name, _, _ := strings.Cut(l, "\t")
			got = append(got, name)
		}
		if d := cmp.Diff(want, sorted(got)); err != nil || d != "" {
			t.Errorf("fish: %v, stderr %s (-want +got):\n%s", err, stderr, d)
		}
	})

	t.Run("zsh finds the script on fpath", func(t *testing.T) {
		requireTool(t, "zsh", "apt-get install zsh")
		out, stderr, err := run(t, `zsh -fc 'fpath=(`+extras+`/completions/zsh $fpath); autoload -U compinit && compinit -u -D && print -r -- ${_comps[ssm-canconnect]} ${_comps[ssm-readiness]}'`, env...)
		if err != nil || strings.TrimSpace(out) != "_ssm-canconnect _ssm-readiness" {
			t.Errorf("zsh: %v, stdout %q, stderr %s", err, out, stderr)
		}
	})

	t.Run("man reads the pages through MANPATH", func(t *testing.T) {
		requireTool(t, "man", "apt-get install man-db")
		for _, tool := range tools {
			out, stderr, err := run(t, "MANPATH="+extras+"/man MANWIDTH=200 man -P cat "+tool, env...)
			if err != nil || !strings.Contains(out, tool+" - ") || !strings.Contains(out, "ssmkit v9.9.9") {
				t.Errorf("man %s: %v, stderr %s\n%.400s", tool, err, stderr, out)
			}
		}
	})
}
