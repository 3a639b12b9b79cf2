package sshconfig

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRenderPOSIX(t *testing.T) {
	got, err := Render(Options{Profile: "cast-dev-admin", Region: "eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	want := "# SSH over Session Manager; ssm-canconnect --preflight stops a connection that cannot work and says why.\n" +
		"Host i-* mi-*\n" +
		`    ProxyCommand sh -c 'ssm-canconnect --preflight --session ssh --profile cast-dev-admin --region eu-west-1 "$1" && exec aws ssm start-session --profile cast-dev-admin --region eu-west-1 --target "$1" --document-name AWS-StartSSHSession --parameters "portNumber=$2"' sh %h %p` + "\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// expand does what ssh does to a ProxyCommand: %h, %p and %% (readconf.c's
// percent_expand), then runs it as OpenSSH does: $SHELL -c "exec CMD".
func runProxy(t *testing.T, block, host, port, bin string) (int, error) {
	t.Helper()
	line := ""
	for _, l := range strings.Split(block, "\n") {
		if s, ok := strings.CutPrefix(strings.TrimSpace(l), "ProxyCommand "); ok {
			line = s
		}
	}
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '%' && i+1 < len(line) {
			i++
			switch line[i] {
			case 'h':
				b.WriteString(host)
			case 'p':
				b.WriteString(port)
			case '%':
				b.WriteByte('%')
			default:
				t.Fatalf("unknown token %%%c in %s", line[i], line)
			}
			continue
		}
		b.WriteByte(line[i])
	}
	cmd := exec.Command("/bin/sh", "-c", "exec "+b.String())
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "LOG="+bin)
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), nil
	}
	return 0, err
}

// fakeTools writes ssm-canconnect (exiting with code) and aws, each
// recording its arguments NUL-separated.
func fakeTools(t *testing.T, code string) string {
	t.Helper()
	dir := t.TempDir()
	for name, exit := range map[string]string{"ssm-canconnect": code, "aws": "0"} {
		script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$LOG/" + name + ".args\"\nexit " + exit + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func args(t *testing.T, dir, name string) []string {
	b, err := os.ReadFile(filepath.Join(dir, name+".args"))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

// Hostile profile names reach both commands as one argument each: nothing
// in them runs, and a failed pre-flight stops the session.
func TestPOSIXProxyCommandCarriesHostileNamesIntact(t *testing.T) {
	for _, profile := range []string{"it's", "$(touch pwned)", "`id`", "a b", "100%p", "%h", `back\slash"dq"`, "-x", "semi;colon|pipe&"} {
		t.Run(profile, func(t *testing.T) {
			block, err := Render(Options{Profile: profile, Region: "eu-west-1"})
			if err != nil {
				t.Fatal(err)
			}
			bin := fakeTools(t, "0")
			if code, err := runProxy(t, block, "i-0123456789abcdef0", "22", bin); err != nil || code != 0 {
				t.Fatalf("exit %d, %v\n%s", code, err, block)
			}
			wantPre := []string{"--preflight", "--session", "ssh", "--profile", profile, "--region", "eu-west-1", "i-0123456789abcdef0"}
			wantAWS := []string{"ssm", "start-session", "--profile", profile, "--region", "eu-west-1", "--target", "i-0123456789abcdef0",
				"--document-name", "AWS-StartSSHSession", "--parameters", "portNumber=22"}
			if diff := cmp.Diff(wantPre, args(t, bin, "ssm-canconnect")); diff != "" {
				t.Errorf("ssm-canconnect args (-want +got)\n%s", diff)
			}
			if diff := cmp.Diff(wantAWS, args(t, bin, "aws")); diff != "" {
				t.Errorf("aws args (-want +got)\n%s", diff)
			}
			if _, err := os.Stat("pwned"); err == nil {
				os.Remove("pwned")
				t.Error("the profile name ran a command")
			}
		})
	}
	bin := fakeTools(t, "1")
	block, _ := Render(Options{Profile: "p"})
	if code, err := runProxy(t, block, "i-0123456789abcdef0", "22", bin); err != nil || code != 1 || args(t, bin, "aws") != nil {
		t.Errorf("a failed pre-flight: exit %d, %v, aws ran: %v", code, err, args(t, bin, "aws") != nil)
	}
}

func TestRenderPowerShell(t *testing.T) {
	got, err := Render(Options{Profile: "it's 100%", Region: "eu-west-1", Shell: ShellPowerShell})
	if err != nil {
		t.Fatal(err)
	}
	want := `    ProxyCommand C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoProfile -NonInteractive -Command "& 'ssm-canconnect' --preflight --session ssh --profile 'it''s 100%%' --region 'eu-west-1' %h; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }; aws ssm start-session --profile 'it''s 100%%' --region 'eu-west-1' --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p"` + "\n"
	if !strings.HasSuffix(got, want) {
		t.Errorf("got\n%s\nwant it to end with\n%s", got, want)
	}
	if q, _ := psQuote("a\u2019b$(x)`y"); q != "'a\u2019\u2019b$(x)`y'" {
		t.Errorf("psQuote = %s", q)
	}
	if _, err := Render(Options{Profile: `say "hi"`, Shell: ShellPowerShell}); err == nil {
		t.Error("a double quote was accepted for PowerShell")
	}
}

func TestRenderRefusesControlCharacters(t *testing.T) {
	for _, o := range []Options{{Profile: "a\nHost *\n  ProxyCommand evil"}, {Region: "eu-west-1\r"}, {Shell: "fish"}} {
		if _, err := Render(o); err == nil {
			t.Errorf("Render(%+v) accepted it", o)
		}
	}
}
