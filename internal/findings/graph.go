package findings

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/readiness"
)

// Graph is the access path: user -> group -> permission set -> role ->
// instance -> endpoints, plus the session's KMS key and log destinations,
// each edge with the status of the check that decides it.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// Node is one box. ID is stable within a report (n1, n2, ...).
type Node struct {
	ID, Label string
}

// Edge is one arrow and the status of the check behind it.
type Edge struct {
	From, To string
	Label    string
	Status   Status
}

type graphBuilder struct {
	g     Graph
	nodes map[string]string // key -> id
	edges map[string]int    // from\x00to\x00label -> index
}

func (b *graphBuilder) node(key, label string) string {
	if id, ok := b.nodes[key]; ok {
		return id
	}
	id := fmt.Sprintf("n%d", len(b.g.Nodes)+1)
	b.nodes[key] = id
	b.g.Nodes = append(b.g.Nodes, Node{ID: id, Label: label})
	return id
}

// edge adds an arrow; the same arrow met twice keeps the worse status.
func (b *graphBuilder) edge(from, to, label string, s Status) {
	if s == "" {
		return
	}
	key := from + "\x00" + to + "\x00" + label
	if i, ok := b.edges[key]; ok {
		b.g.Edges[i].Status = worse(b.g.Edges[i].Status, s)
		return
	}
	b.edges[key] = len(b.g.Edges)
	b.g.Edges = append(b.g.Edges, Edge{From: from, To: to, Label: label, Status: s})
}

func buildGraph(in Input) Graph {
	b := &graphBuilder{nodes: map[string]string{}, edges: map[string]int{}}
	// What ssm-readiness said about each target, by instance id.
	byTarget := map[string]readiness.Readiness{}
	var account []readiness.Readiness
	for _, r := range in.Readiness {
		switch r.Scope {
		case readiness.ScopeTarget:
			byTarget[r.Target.ID] = r
		case readiness.ScopeAccount:
			account = append(account, r)
		}
	}
	seenTarget := map[string]bool{}
	for _, a := range in.Access {
		user := b.node("user/"+userLabel(a), "user "+userLabel(a))
		var ends []string // the roles (or the user) a session would start from
		var paths []hop
		for _, h := range hops(a) {
			from := user
			if strings.HasPrefix(h.via, "group ") {
				g := b.node("group/"+h.via, h.via)
				b.edge(from, g, "member", Pass)
				from = g
			}
			if h.ps != "" {
				psn := b.node("ps/"+h.ps, "permission set "+h.ps)
				b.edge(from, psn, "assigned", h.cred)
				from = psn
			}
			if h.role != "" {
				rn := b.node("role/"+h.role, "role "+h.role[strings.LastIndexByte(h.role, '/')+1:])
				label := "assumes"
				if from != user {
					label = "provisions"
				}
				b.edge(from, rn, label, h.cred)
				from = rn
			}
			ends = append(ends, from)
			paths = append(paths, h)
		}
		if len(paths) == 0 { // an Identity Center user with no permission set in the account
			ends = append(ends, user)
			paths = append(paths, hop{startSession: checkStatus(a, access.CheckStartSession)})
		}
		if a.Target.ID == "" && a.Target.Spec == "" {
			continue
		}
		tkey := a.Target.ID
		if tkey == "" {
			tkey = a.Target.Spec
		}
		inst := b.node("instance/"+tkey, "instance "+targetLabel(a.Target.ID, a.Target.Name, a.Target.Spec))
		if a.Target.ID == "" { // not found: nothing behind it to draw
			for _, from := range ends {
				b.edge(from, inst, "target exists", checkStatus(a, access.CheckTarget))
			}
			continue
		}
		for i, from := range ends {
			b.edge(from, inst, "ssm:StartSession "+string(a.Session.Kind), paths[i].startSession)
			if s := paths[i].encryption; s != "" && s != Skip {
				b.edge(from, b.node("kms", "KMS session key"), "kms:GenerateDataKey", s)
			}
		}
		if seenTarget[tkey] {
			continue
		}
		seenTarget[tkey] = true
		b.targetEdges(inst, tkey, checkStatus(a, access.CheckTarget), byTarget[a.Target.ID])
	}
	// Targets ssm-readiness checked that no AccessCheck named.
	for _, r := range in.Readiness {
		if r.Scope != readiness.ScopeTarget || seenTarget[r.Target.ID] {
			continue
		}
		seenTarget[r.Target.ID] = true
		inst := b.node("instance/"+r.Target.ID, "instance "+targetLabel(r.Target.ID, r.Target.Name, ""))
		b.targetEdges(inst, r.Target.ID, "", r)
	}
	for _, r := range account {
		if s := readinessStatus(r, "session-kms"); s != "" && s != Skip {
			b.edge(b.node("prefs/"+r.Target.Account+"/"+r.Target.Region, "session preferences "+r.Target.Account+" "+r.Target.Region), b.node("kms", "KMS session key"), "encrypts with", s)
		}
		if s := readinessStatus(r, "session-logging"); s != "" && s != Skip {
			b.edge(b.node("prefs/"+r.Target.Account+"/"+r.Target.Region, "session preferences "+r.Target.Account+" "+r.Target.Region), b.node("logs", "session logs"), "logs to", s)
		}
	}
	return b.g
}

// targetEdges draws what stands behind an instance: its role, its endpoints,
// and the KMS key and logs its sessions use.
func (b *graphBuilder) targetEdges(inst, key string, connection Status, r readiness.Readiness) {
	if s := readinessStatus(r, "agent-identity"); s != "" {
		b.edge(b.node("instance-role/"+key, "instance role of "+key), inst, "instance profile", s)
	}
	network := readinessStatus(r, "network")
	if network == "" {
		network = connection
	}
	if network != "" {
		b.edge(inst, b.node("endpoints/"+key, "endpoints ssm ec2messages ssmmessages"), "network path", network)
	}
	if s := readinessStatus(r, "session-kms"); s != "" && s != Skip {
		b.edge(inst, b.node("kms", "KMS session key"), "kms:Decrypt", s)
	}
	if s := readinessStatus(r, "session-logging"); s != "" && s != Skip {
		b.edge(inst, b.node("logs", "session logs"), "writes session logs", s)
	}
}

func checkStatus(a access.AccessCheck, id string) Status {
	if c, ok := a.Check(id); ok {
		return Status(c.Status)
	}
	return ""
}

func readinessStatus(r readiness.Readiness, id string) Status {
	for _, c := range r.Checks {
		if c.ID == id {
			return Status(c.Status)
		}
	}
	return ""
}

// Mermaid renders the graph as a Mermaid flowchart: failing edges are
// crossed (--x), unknown and skipped ones dotted (-.->), every edge labelled
// with its status and coloured by it (linkStyle).
func (g Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "    %s[\"%s\"]\n", n.ID, mermaidText(n.Label))
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "    %s %s|\"%s: %s\"| %s\n", e.From, arrow(e.Status), mermaidText(e.Label), e.Status, e.To)
	}
	for i, e := range g.Edges {
		fmt.Fprintf(&b, "    linkStyle %d stroke:%s,stroke-width:2px\n", i, colour(e.Status))
	}
	return b.String()
}

func arrow(s Status) string {
	switch s {
	case Fail:
		return "--x"
	case Pass, Warn:
		return "-->"
	}
	return "-.->"
}

func colour(s Status) string {
	switch s {
	case Pass:
		return "#2da44e"
	case Warn:
		return "#bf8700"
	case Fail:
		return "#cf222e"
	}
	return "#6e7781"
}

// mermaidText keeps a label inside Mermaid's quoted-label grammar: no quotes,
// pipes, brackets or newlines, which would end the label early.
func mermaidText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(" -_.:/()@,=*+", r):
			return r
		}
		return ' '
	}, s)
}

// hop is one way a principal reaches a role: for an Identity Center user,
// each permission set through each group (or direct assignment); otherwise
// the principal's own role.
type hop struct {
	via, ps, role                  string
	cred, startSession, encryption Status
}

func hops(a access.AccessCheck) []hop {
	cred := checkStatus(a, access.CheckCredentials)
	if cred == "" {
		cred = Pass // --as-user and --as-permission-set decide without the user's credentials
	}
	if len(a.PermissionSets) == 0 {
		if a.Principal.User != nil {
			return nil
		}
		role := a.Principal.RoleARN
		if role == "" {
			role = a.Principal.ARN
		}
		return []hop{{ps: a.Principal.PermissionSet, role: role, cred: cred,
			startSession: checkStatus(a, access.CheckStartSession), encryption: checkStatus(a, access.CheckEncryption)}}
	}
	var out []hop
	for _, p := range a.PermissionSets {
		h := hop{ps: p.Name, role: p.RoleARN, cred: cred, startSession: decisionStatus(p.Permission)}
		for _, c := range p.Checks {
			switch c.ID {
			case access.CheckStartSession:
				h.startSession = Status(c.Status)
			case access.CheckEncryption:
				h.encryption = Status(c.Status)
			}
		}
		vias := p.Via
		if len(vias) == 0 {
			vias = []string{"user"}
		}
		for _, v := range vias {
			h.via = v
			out = append(out, h)
		}
	}
	return out
}
