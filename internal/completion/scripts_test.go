package completion

import (
	"bytes"
	"strings"
	"testing"
)

// Every script calls the program back with the request command, so the
// candidates always come from Complete, never from a copy in the script.
func TestScriptCallsTheProgramBack(t *testing.T) {
	for _, shell := range Shells() {
		t.Run(shell, func(t *testing.T) {
			var b bytes.Buffer
			if err := Script(&b, shell, "ssm-whoami"); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			if !strings.Contains(s, RequestCommand) || !strings.Contains(s, "ssm-whoami") {
				t.Errorf("%s script does not call ssm-whoami %s:\n%.300s", shell, RequestCommand, s)
			}
		})
	}
}

func TestScriptUnknownShell(t *testing.T) {
	err := Script(&bytes.Buffer{}, "tcsh", "ssm-whoami")
	if err == nil || err.Error() != `unknown shell "tcsh": use one of bash, zsh, fish, powershell` {
		t.Errorf("err = %v", err)
	}
}

func TestInstallNamesEveryShellAndTheProgram(t *testing.T) {
	got := Install("ssm-profiles")
	for _, want := range []string{"bash:", "zsh:", "fish:", "powershell:", "ssm-profiles completion bash", "~/.config/fish/completions/ssm-profiles.fish"} {
		if !strings.Contains(got, want) {
			t.Errorf("Install misses %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "PROG") {
		t.Errorf("placeholder left in:\n%s", got)
	}
}
