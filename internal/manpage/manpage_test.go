package manpage

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// fixture is shaped like an ssmkit tool: prose with an indented example
// block, flags with placeholders and defaults, a command, markdown-special
// characters in the text.
func fixture() *cli.App {
	app := &cli.App{
		Name:      "ssm-tool",
		Usage:     "say who a profile *really* is",
		Version:   "v1.2.3 (commit 0123456789ab, go1.26.8 linux/amd64)",
		ArgsUsage: "[PROFILE...] [-]",
		Description: `Reads ~/.aws/config [profile NAME] sections; a_b_c stays as written.
1. is not a list, and <b> is not HTML.

Examples:
   ssm-tool --role '*SSM*' -o name
   ssm-tool -q --profile prod && ssh prod-bastion

Exit codes: 0 yes, 1 no.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output format: table|json"},
			&cli.StringSliceFlag{Name: "policy", Usage: "policy `FILE` (repeatable)"},
			&cli.DurationFlag{Name: "timeout", Value: 15 * time.Second, Usage: "give up after this long"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing"},
			&cli.StringFlag{Name: "hidden", Hidden: true},
		},
		Commands: []*cli.Command{
			{Name: "aliases", Usage: "print the AWS CLI aliases", Description: "Prints them.\n\n   ssm-tool aliases >> ~/.aws/cli/alias"},
			{Name: "man", Hidden: true},
		},
	}
	app.Setup() // as when the man command runs: help and version flags added
	return app
}

func TestMarkdownGolden(t *testing.T) {
	got := Markdown(fixture())
	path := filepath.Join("testdata", "ssm-tool.md.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("man page markdown (-want +got; go test -update rewrites it):\n%s", d)
	}
}

// The roff is what man(1) shows: the examples keep their lines, special
// characters stay literal, hidden things stay out, and groff has nothing to
// warn about.
func TestRoffRendersCleanly(t *testing.T) {
	roff := Roff(fixture())
	groff, err := exec.LookPath("groff")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("groff is missing: apt-get install groff-base")
		}
		t.Skip("groff is missing (apt-get install groff-base); under CI=true this fails")
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-rLL=200n")
	cmd.Stdin = bytes.NewReader(roff)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil || errb.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, errb.String())
	}
	page := stripOverstrike(out.String())
	for _, want := range []string{
		"ssm-tool - say who a profile *really* is",
		"ssm-tool [OPTIONS] [PROFILE...] [-]",
		"ssm-tool aliases\n",
		"Reads ~/.aws/config [profile NAME] sections; a_b_c stays as written.",
		"1. is not a list, and <b> is not HTML.",
		"ssm-tool --role '*SSM*' -o name\n",
		"ssm-tool -q --profile prod && ssh prod-bastion\n",
		"--policy FILE",
		"give up after this long (default: 15s)",
		"ssm-tool aliases >> ~/.aws/cli/alias",
		"EXIT STATUS",
		"ssm-whoami(1)",
		"ssmkit v1.2.3",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q:\n%s", want, page)
		}
	}
	for _, unwanted := range []string{"--hidden", "\nman\n", "help, h"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the page shows %q", unwanted)
		}
	}
}

// stripOverstrike removes groff's bold and underline (X\bX, _\bX).
func stripOverstrike(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i := 0; i < len(r); i++ {
		if i+2 < len(r) && r[i+1] == '\b' {
			continue
		}
		if r[i] == '\b' {
			continue
		}
		b.WriteRune(r[i])
	}
	return b.String()
}
