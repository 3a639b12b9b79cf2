package findings

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/ssmkit/ssmkit/internal/record"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// readInput decodes a captured tool output (AccessCheck and Readiness records).
func readInput(t *testing.T, path string) Input {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var in Input
	err = record.Each(f, func(r record.Raw) error {
		switch r.Kind {
		case record.KindAccessCheck:
			var a access.AccessCheck
			if err := r.Decode(&a); err != nil {
				return err
			}
			in.Access = append(in.Access, a)
		case record.KindReadiness:
			var rd readiness.Readiness
			if err := r.Decode(&rd); err != nil {
				return err
			}
			in.Readiness = append(in.Readiness, rd)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the report (go test -update rewrites it); got:\n%s", path, got)
	}
}

func TestSeedReportGolden(t *testing.T) {
	md := Build(readInput(t, "testdata/seed.ndjson")).Markdown()
	golden(t, "seed.md", md)
	checkMermaid(t, md)
}

type gapKey struct{ component, check string }

// gapsOf lists a report's gaps by component and check, and checks each
// names what to change (or, for an unknown, the permission that decides it).
func gapsOf(t *testing.T, r Report) map[gapKey]bool {
	t.Helper()
	got := map[gapKey]bool{}
	for _, g := range r.Gaps {
		got[gapKey{g.Component, g.Check}] = true
		if g.Status == Fail && len(g.Changes) == 0 {
			t.Errorf("gap %s/%s names no change: %+v", g.Component, g.Check, g)
		}
	}
	return got
}

func sameGaps(t *testing.T, got, want map[gapKey]bool) {
	t.Helper()
	for k := range got {
		if !want[k] {
			t.Errorf("false gap: %+v", k)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("planted gap not reported: %+v", k)
		}
	}
}

// The seed's planted gaps, as the pipeline's records show them, and nothing else.
func TestSeedReportNamesEveryGapAndNoFalseOne(t *testing.T) {
	r := Build(readInput(t, "testdata/seed.ndjson"))
	sameGaps(t, gapsOf(t, r), map[gapKey]bool{
		{CompInstance, "target"}:                    true, // Online but not connected
		{CompInstance, "managed"}:                   true, // ... as ssm-readiness sees it
		{CompPermission, "start-session"}:           true, // a-a837172 has only ReadOnlyDev
		{CompPermission, "session-lifecycle"}:       true, // ... which cannot end its sessions (warn)
		{CompNetwork, "network"}:                    true, // no ssmmessages endpoint, no NAT
		{CompLogging, "session-logging"}:            true, // the instance role may not write the logs
		{CompPrefs, "account.scps"}:                 true, // SCPs not readable by the investigator (warn)
		{CompLocal, "local.session-manager-plugin"}: true, // no plugin on this machine
	})
	// Step 8: the instance before identity, then the group that grants a useful permission set.
	if len(r.Steps) < 2 || !strings.Contains(r.Steps[0].Case, "instance is not online and connected") ||
		!strings.Contains(r.Steps[1].Do, "request membership of group aws-ec2-ssm-operators for a-a837172 in SailPoint") {
		t.Errorf("steps = %+v, want the instance first, then the operators group", r.Steps)
	}
	for _, g := range r.Gaps {
		if g.Check == "start-session" {
			if !strings.Contains(strings.Join(g.Changes, "\n"), `"Action":"ssm:StartSession"`) || !strings.Contains(g.Where, "permission set ReadOnlyDev") ||
				!strings.Contains(g.Where, "SailPoint group aws-ec2-ssm-operators") || len(g.Who) != 1 || !strings.HasPrefix(g.Who[0], "a-a837172") {
				t.Errorf("the StartSession gap must be a-a837172's, with the group and the statement: %+v", g)
			}
		}
	}
	for _, u := range r.Users {
		if u.Answer != Fail {
			t.Errorf("%s -> %s: %s, want no (the instance is not connected)", u.User, u.Target, u.Answer)
		}
	}
	md := r.Markdown()
	for _, edge := range []string{`|"member: pass"|`, `--x|"ssm:StartSession port-forward: fail"|`, `-->|"ssm:StartSession port-forward: pass"|`, `--x|"network path: fail"|`} {
		if !strings.Contains(md, edge) {
			t.Errorf("the access path lacks %s", edge)
		}
	}
}

// The whitepaper's planted gaps (README of the scenario), and nothing else.
func TestWhitepaperReportNamesEveryGapAndNoFalseOne(t *testing.T) {
	r := Build(readInput(t, "testdata/whitepaper.ndjson"))
	sameGaps(t, gapsOf(t, r), map[gapKey]bool{
		{CompPermission, "session-lifecycle"}: true, // TerminateSession on session/${aws:username}-*
		{CompPermission, "start-session"}:     true, // testuser02 on Production, and the reverse
		{CompInstance, "target"}:              true, // the hybrid node is not connected
		{CompInstance, "managed"}:             true, // ... as ssm-readiness sees it
		{CompInstance, "hybrid-tier"}:         true, // standard activation tier
		{CompLogging, "session-logging"}:      true, // SessionManagerLogPolicy never attached
	})
	yes := 0
	for _, u := range r.Users {
		if u.Answer == Pass {
			yes++
		}
	}
	if yes != 2 {
		t.Errorf("%d yes answers, want testuser01 on prod-web01 and testuser02 on dev-web01", yes)
	}
	golden(t, "whitepaper.md", r.Markdown())
	checkMermaid(t, r.Markdown())
}

func TestAllPassIsReadyToTest(t *testing.T) {
	in := readInput(t, "testdata/seed.ndjson")
	a := in.Access[0]
	a.Decision = access.Allowed
	for i := range a.Checks {
		a.Checks[i].Status = "pass"
	}
	r := Build(Input{Access: []access.AccessCheck{a}})
	if len(r.Gaps) != 0 || len(r.Steps) != 1 || !strings.HasPrefix(r.Steps[0].Do, "ready: test a port-forwarding session") {
		t.Errorf("gaps %+v steps %+v", r.Gaps, r.Steps)
	}
	if !strings.HasPrefix(r.Verdict, "ready") {
		t.Errorf("verdict %q", r.Verdict)
	}
	checkMermaid(t, r.Markdown())
}

func TestKMSAndPermissionStepsInOrder(t *testing.T) {
	r := Report{Gaps: []Gap{
		{Component: CompPermission, Status: Fail},
		{Component: CompKMS, Status: Fail},
		{Component: CompRole, Status: Unknown},
	}}
	steps := interpret(r)
	var cases []string
	for _, s := range steps {
		cases = append(cases, s.Case)
	}
	if len(steps) != 3 || !strings.Contains(steps[0].Do, "kms:GenerateDataKey") ||
		!strings.Contains(steps[1].Do, "permission set") || !strings.Contains(steps[2].Case, "instance role") {
		t.Errorf("steps = %q", cases)
	}
}

// Mermaid's flowchart grammar, the subset Graph.Mermaid writes, asserted
// line by line: a header, node definitions with quoted labels, edges between
// defined nodes with a quoted label, and one linkStyle per edge.
var (
	mmNode  = regexp.MustCompile(`^    (n[0-9]+)\["([^"\[\]|\n]*)"\]$`)
	mmEdge  = regexp.MustCompile(`^    (n[0-9]+) (-->|--x|-\.->)\|"([^"|\n]*): (pass|warn|fail|unknown|skip)"\| (n[0-9]+)$`)
	mmStyle = regexp.MustCompile(`^    linkStyle ([0-9]+) stroke:#[0-9a-f]{6},stroke-width:2px$`)
)

func checkMermaid(t *testing.T, md string) {
	t.Helper()
	start := strings.Index(md, "```mermaid\n")
	if start < 0 {
		t.Fatal("no mermaid block")
	}
	body := md[start+len("```mermaid\n"):]
	end := strings.Index(body, "```")
	if end < 0 {
		t.Fatal("mermaid block not closed")
	}
	lines := strings.Split(strings.TrimSuffix(body[:end], "\n"), "\n")
	if lines[0] != "flowchart LR" {
		t.Fatalf("first line %q, want flowchart LR", lines[0])
	}
	nodes := map[string]bool{}
	edges, styles := 0, map[int]bool{}
	for i, l := range lines[1:] {
		switch {
		case mmNode.MatchString(l):
			m := mmNode.FindStringSubmatch(l)
			if nodes[m[1]] {
				t.Errorf("line %d: node %s defined twice", i+2, m[1])
			}
			if edges > 0 {
				t.Errorf("line %d: node after the edges", i+2)
			}
			nodes[m[1]] = true
		case mmEdge.MatchString(l):
			m := mmEdge.FindStringSubmatch(l)
			if !nodes[m[1]] || !nodes[m[5]] {
				t.Errorf("line %d: edge between undefined nodes: %s", i+2, l)
			}
			arrowFor := map[string]string{"pass": "-->", "warn": "-->", "fail": "--x", "unknown": "-.->", "skip": "-.->"}
			if arrowFor[m[4]] != m[2] {
				t.Errorf("line %d: a %s edge drawn %s", i+2, m[4], m[2])
			}
			edges++
		case mmStyle.MatchString(l):
			n, _ := strconv.Atoi(mmStyle.FindStringSubmatch(l)[1])
			if n >= edges || styles[n] {
				t.Errorf("line %d: linkStyle %d: no such edge, or styled twice", i+2, n)
			}
			styles[n] = true
		default:
			t.Errorf("line %d is not Mermaid flowchart grammar: %q", i+2, l)
		}
	}
	if edges == 0 || len(styles) != edges {
		t.Errorf("%d edges, %d styled", edges, len(styles))
	}
}

func TestMermaidLabelsCannotBreakTheGrammar(t *testing.T) {
	g := Graph{Nodes: []Node{{ID: "n1", Label: `user "x" [y] |z|` + "\nw"}, {ID: "n2", Label: "role r"}},
		Edges: []Edge{{From: "n1", To: "n2", Label: `a"|b`, Status: Fail}}}
	checkMermaid(t, "```mermaid\n"+g.Mermaid()+"```\n")
}
