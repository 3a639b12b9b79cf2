package manpage

import (
	"strings"
)

// text turns --help prose into markdown: blank lines separate paragraphs,
// and runs of indented lines (the examples) become literal blocks, kept
// line for line as --help shows them.
func text(s string) string {
	var b strings.Builder
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := 0; i < len(lines); {
		if !indented(lines[i]) {
			if strings.TrimSpace(lines[i]) == "" {
				b.WriteString("\n")
			} else {
				b.WriteString(escape(lines[i]) + "\n")
			}
			i++
			continue
		}
		b.WriteString("\n```\n")
		for ; i < len(lines) && indented(lines[i]); i++ {
			b.WriteString(strings.TrimRight(lines[i], " ") + "\n")
		}
		b.WriteString("```\n\n")
	}
	return b.String() + "\n"
}

func indented(l string) bool {
	return strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")
}

// escape keeps text literal in markdown: emphasis, links, HTML, tables and,
// at the start of a line, headings, lists and definition lists.
func escape(s string) string {
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~#&", r) || (i == 0 && strings.ContainsRune("-+:=", r)) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1. text" at the start of a line would be a numbered list.
	if j := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && strings.HasPrefix(out[j:], ". ") {
		out = out[:j] + "\\" + out[j:]
	}
	return out
}
