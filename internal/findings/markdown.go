package findings

import (
	"encoding/json"
	"fmt"
	"strings"
)

// maxEvidence bounds one gap's evidence block: enough to check the
// reasoning, short enough to read; the evidence bundle holds all of it.
const maxEvidence = 4000

// Markdown renders the report: verdict, users, components, what to do
// first, the gaps with evidence and exact changes, and the access path.
func (r Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# Session Manager findings\n\n")
	fmt.Fprintf(&b, "**Verdict: %s.**\n\n", md(r.Verdict))

	if len(r.Users) > 0 {
		b.WriteString("## Verdict per user\n\n| user | target | session | answer | why |\n| --- | --- | --- | --- | --- |\n")
		for _, u := range r.Users {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", md(u.User), md(u.Target), md(u.Session), answerWord(u.Answer), md(u.Reason))
		}
		b.WriteString("\n")
	}
	if len(r.Components) > 0 {
		b.WriteString("## Verdict per component\n\n| component | status | finding |\n| --- | --- | --- |\n")
		for _, c := range r.Components {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", md(c.Component), c.Status, md(c.Reason))
		}
		b.WriteString("\n")
	}
	b.WriteString("## What to do first\n\n")
	for i, s := range r.Steps {
		fmt.Fprintf(&b, "%d. **%s**: %s.\n", i+1, md(s.Case), md(s.Do))
	}
	b.WriteString("\n")
	if len(r.Gaps) > 0 {
		b.WriteString("## Gaps and the exact changes\n\n")
		for i, g := range r.Gaps {
			fmt.Fprintf(&b, "### %d. %s: %s (%s)\n\n", i+1, md(g.Component), md(g.Check), g.Status)
			fmt.Fprintf(&b, "- **For:** %s\n- **Finding:** %s\n", md(strings.Join(g.Who, ", ")), md(g.Reason))
			if g.Where != "" {
				fmt.Fprintf(&b, "- **Where to change it:** %s\n", md(g.Where))
			}
			if len(g.Changes) > 0 {
				b.WriteString("- **Change:**\n\n")
				for _, c := range g.Changes {
					fmt.Fprintf(&b, "  ```text\n  %s\n  ```\n\n", fence(c))
				}
			} else {
				b.WriteString("\n")
			}
			if ev := evidence(g.Evidence); ev != "" {
				fmt.Fprintf(&b, "<details><summary>evidence</summary>\n\n```json\n%s\n```\n\n</details>\n\n", ev)
			}
		}
	}
	if len(r.Path.Edges) > 0 {
		b.WriteString("## Access path\n\nEach arrow is marked by the status of the check behind it: a crossed arrow fails, a dotted one could not be checked or does not apply.\n\n")
		b.WriteString("```mermaid\n" + r.Path.Mermaid() + "```\n")
	}
	return b.String()
}

func answerWord(s Status) string {
	switch s {
	case Pass:
		return "yes"
	case Fail:
		return "no"
	}
	return "unknown"
}

// md keeps a value on one table row.
func md(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

// fence keeps a change inside its code block.
func fence(s string) string {
	return strings.NewReplacer("```", "'''", "\n", "\n  ").Replace(s)
}

func evidence(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil || string(b) == "null" {
		return ""
	}
	s := strings.ReplaceAll(string(b), "```", "'''")
	if len(s) > maxEvidence {
		s = strings.ToValidUTF8(s[:maxEvidence], "") + "\n… (truncated; the evidence bundle holds all of it)"
	}
	return s
}
