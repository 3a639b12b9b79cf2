package e2e

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// bashComplete loads a tool's bash script as a user's ~/.bashrc would (with
// the bash-completion package), then asks bash to complete each line, the
// last word being the one under the cursor. Each answer is one line of
// candidates, in COMPREPLY order, separated by "|".
const bashComplete = `source /usr/share/bash-completion/bash_completion
for tool in ssm-profiles ssm-whoami ssm-canconnect ssm-readiness; do source <("$tool" completion bash); done
compopt() { :; }  # bash allows compopt only inside a real completion
complete_line() {
  COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  local fn; fn=$(complete -p "$1" | sed 's/.* -F \([^ ]*\) .*/\1/')
  "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  local IFS='|'; echo "${COMPREPLY[*]}"
}
`

// requireTool fails under CI=true (make test installs it) and skips elsewhere.
func requireTool(t *testing.T, path, fix string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if _, err := exec.LookPath(path); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: %s", path, fix)
	}
	t.Skipf("%s is missing (%s); under CI=true this fails", path, fix)
}

// TestShellCompletion loads the generated scripts into real shells against
// the seed sandbox: --profile and the profile arguments complete with the
// sandbox's profiles, read offline (the audit log gains no call).
func TestShellCompletion(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	profiles := strings.Fields(runScript(t, env, bin, "ssm-profiles -o name 2>/dev/null").stdout)
	if len(profiles) < 4 {
		t.Fatalf("the seed scenario has %d profiles: %v", len(profiles), profiles)
	}
	before := auditLen(t, env)

	t.Run("bash", func(t *testing.T) {
		requireTool(t, "/usr/share/bash-completion/bash_completion", "apt-get install bash-completion")
		lines := []struct {
			words string
			want  []string
		}{
			{"ssm-whoami --profile ''", profiles},
			{"ssm-whoami --profile=''", profiles},
			{"ssm-whoami ''", append([]string{"completion"}, profiles...)},
			{"ssm-profiles cast-dev-admin --acc", []string{"--account"}},
			{"ssm-profiles --account ''", []string{"717279730613", "925774240130"}},
			{"ssm-profiles --source a", []string{"assume-role"}},
			{"ssm-whoami -o ''", []string{"table", "wide", "json", "ndjson", "yaml", "name", "markdown"}},
			{"ssm-canconnect ''", []string{"simulate", "ssh-config", "completion"}},
			{"ssm-canconnect simulate --pol", []string{"--policy"}},
			{"ssm-readiness completion ''", []string{"bash", "zsh", "fish", "powershell"}},
		}
		script := bashComplete
		for _, l := range lines {
			script += "complete_line " + l.words + "\n"
		}
		r := runScript(t, env, bin, script)
		got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if r.code != 0 || len(got) != len(lines) {
			t.Fatalf("bash: exit %d, %d answers for %d lines\nstdout: %s\nstderr: %s", r.code, len(got), len(lines), r.stdout, r.stderr)
		}
		for i, l := range lines {
			if d := cmp.Diff(sorted(l.want), sorted(strings.Split(got[i], "|"))); d != "" {
				t.Errorf("%s<TAB> (-want +got):\n%s", l.words, d)
			}
		}
	})

	t.Run("fish", func(t *testing.T) {
		requireTool(t, "fish", "apt-get install fish")
		r := runScript(t, env, bin, `fish --no-config -c 'ssm-whoami completion fish | source; complete -C "ssm-whoami --profile "'`)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			name, _, _ := strings.Cut(l, "\t")
			got = append(got, name)
		}
		if d := cmp.Diff(sorted(profiles), sorted(got)); r.code != 0 || d != "" {
			t.Errorf("fish: exit %d, stderr %s (-want +got):\n%s", r.code, r.stderr, d)
		}
	})

	t.Run("zsh loads the script", func(t *testing.T) {
		requireTool(t, "zsh", "apt-get install zsh")
		r := runScript(t, env, bin, `zsh -fc 'autoload -U compinit && compinit -u -D && source <(ssm-whoami completion zsh) && print -r -- ${_comps[ssm-whoami]}'`)
		if r.code != 0 || strings.TrimSpace(r.stdout) != "_ssm-whoami" {
			t.Errorf("zsh: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
		}
	})

	// zsh's completion builtins work only inside a completion widget, so the
	// script's own function runs with words and CURRENT set as zsh sets them
	// and _describe (zsh's, which would hand the list to compadd) replaced by
	// one that prints the "value:description" list it is given.
	t.Run("zsh completes --profile", func(t *testing.T) {
		requireTool(t, "zsh", "apt-get install zsh")
		r := runScript(t, env, bin, `zsh -f -c 'compdef() { : }; source <(ssm-whoami completion zsh)
_describe() { local a; for a; do if [[ $a == completions ]]; then print -rl -- "${completions[@]}"; return 0; fi; done; return 1 }
words=(ssm-whoami --profile ""); CURRENT=3; _ssm-whoami'`)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			name, _, _ := strings.Cut(l, ":")
			got = append(got, name)
		}
		if d := cmp.Diff(sorted(profiles), sorted(got)); r.code != 0 || d != "" {
			t.Errorf("zsh: exit %d, stderr %s (-want +got):\n%s", r.code, r.stderr, d)
		}
	})

	if after := auditLen(t, env); after != before {
		t.Errorf("completion made %d AWS calls; it must read only local files", after-before)
	}
}

func auditLen(t *testing.T, env *sandbox.Env) int {
	t.Helper()
	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	return len(calls)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
