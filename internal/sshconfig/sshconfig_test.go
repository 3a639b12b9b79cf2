package sshconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

type hostView struct {
	Name, File string
	Line       int
	Proxy      string
	User       string
}

func view(home string, hs []Host) []hostView {
	out := make([]hostView, len(hs))
	for i, h := range hs {
		rel, _ := filepath.Rel(home, h.File)
		out[i] = hostView{h.Name(), rel, h.Line, h.Get("ProxyCommand"), h.Get("user")}
	}
	return out
}

func TestLoadFollowsIncludes(t *testing.T) {
	home := t.TempDir()
	write(t, filepath.Join(home, ".ssh", "config"), `# top
ServerAliveInterval 30
Include config.d/*
Host jumphost-ssm
    HostName i-09f84bb55556a2c10
    ProxyCommand sh -c "aws ssm start-session --target %h --region eu-west-2 --profile eoe-hie --document-name AWS-StartSSHSession --parameters 'portNumber=22'"
    ProxyCommand ignored-second
Host "quoted name" other
  User=ec2-user
Include ~/extra.conf /nonexistent/*.conf
`)
	write(t, filepath.Join(home, ".ssh", "config.d", "b.conf"), "Host b\n  ProxyCommand aws ssm start-session --target %h --profile b\n")
	write(t, filepath.Join(home, ".ssh", "config.d", "a.conf"), "Host i-* mi-*\n  ProxyCommand=aws ssm start-session --target %h\n")
	write(t, filepath.Join(home, "extra.conf"), "Match host db-*\n  User postgres\n")
	hs, err := Reader{Home: home}.Load(filepath.Join(home, ".ssh", "config"))
	if err != nil {
		t.Fatal(err)
	}
	want := []hostView{
		{"*", ".ssh/config", 2, "", ""},
		{"i-* mi-*", ".ssh/config.d/a.conf", 1, "aws ssm start-session --target %h", ""},
		{"b", ".ssh/config.d/b.conf", 1, "aws ssm start-session --target %h --profile b", ""},
		{"jumphost-ssm", ".ssh/config", 4, `sh -c "aws ssm start-session --target %h --region eu-west-2 --profile eoe-hie --document-name AWS-StartSSHSession --parameters 'portNumber=22'"`, ""},
		{"quoted name other", ".ssh/config", 8, "", "ec2-user"},
		{"Match host db-*", "extra.conf", 1, "", "postgres"},
	}
	if d := cmp.Diff(want, view(home, hs)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestLoadErrors(t *testing.T) {
	home := t.TempDir()
	if hs, err := (Reader{Home: home}).Load(filepath.Join(home, ".ssh", "config")); err != nil || len(hs) != 0 {
		t.Errorf("missing config: %v, %v; want no hosts, no error", hs, err)
	}
	loop := filepath.Join(home, ".ssh", "config")
	write(t, loop, "Include config\n")
	if _, err := (Reader{Home: home}).Load(loop); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("an Include loop gave %v", err)
	}
	write(t, loop, "Host a\n  User \"unterminated\n")
	if _, err := (Reader{Home: home}).Load(loop); err == nil || !strings.Contains(err.Error(), "config:2: unterminated quote") {
		t.Errorf("bad quoting gave %v", err)
	}
}
