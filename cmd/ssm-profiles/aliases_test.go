package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/awsalias"
)

func TestAliasesCommand(t *testing.T) {
	t.Run("no alias file: the whole block", func(t *testing.T) {
		h := home(t, testConfig, nil)
		r := runApp(t, map[string]string{"HOME": h}, false, "aliases")
		if r.Code != 0 || r.Stdout != awsalias.Block(true) || r.Stderr != "" {
			t.Errorf("exit %d, stderr %q, stdout:\n%s", r.Code, r.Stderr, r.Stdout)
		}
		if _, err := os.Stat(filepath.Join(h, ".aws", "cli")); !os.IsNotExist(err) {
			t.Errorf("aliases must write nothing: %v", err)
		}
	})
	t.Run("an alias file with [toplevel] last: no second header", func(t *testing.T) {
		h := home(t, testConfig, nil)
		dir := filepath.Join(h, ".aws", "cli")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		mine := "[toplevel]\nwhoami = sts get-caller-identity\n"
		if err := os.WriteFile(filepath.Join(dir, "alias"), []byte(mine), 0o600); err != nil {
			t.Fatal(err)
		}
		r := runApp(t, map[string]string{"HOME": h}, false, "aliases")
		if r.Code != 0 || r.Stdout != awsalias.Block(false) || !strings.Contains(r.Stderr, "note: "+filepath.Join(dir, "alias")+": aliases whoami (line 2) exist already") {
			t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "alias")); string(got) != mine {
			t.Errorf("the alias file changed:\n%s", got)
		}
	})
	t.Run("arguments are a usage error", func(t *testing.T) {
		r := runApp(t, map[string]string{"HOME": home(t, testConfig, nil)}, false, "aliases", "bash")
		if r.Code != 2 || r.Stderr != "error: aliases takes no arguments, got \"bash\" (see --help)\n" {
			t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
		}
	})
}
