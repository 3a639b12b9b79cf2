package policy

import "strings"

// partKind says what one piece of a template is.
type partKind uint8

const (
	partText partKind = iota // policy text, where * and ? may be wildcards
	partVar                  // a policy variable such as ${aws:username}
)

// part is one piece of a template.
type part struct {
	kind   partKind
	text   string // partText: the text; partVar: the variable as written
	key    string // partVar: lower-cased context key name
	name   string // partVar: the key as written, for explanations
	def    string // partVar: the default value, when hasDef
	hasDef bool
}

// template is a policy string that may hold policy variables. It is
// compiled once; expand resolves the variables against a request.
type template struct {
	raw      string
	parts    []part
	static   pattern // the compiled pattern when there are no variables
	hasVars  bool
	wildcard bool // whether * and ? in policy text are wildcards
}

// newTemplate compiles raw. vars is false for policies without Version
// 2012-10-17, where "${...}" is plain text: "If you don't include the Version
// element, variables are treated as literal strings"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
func newTemplate(raw string, vars, wildcard bool) template {
	t := template{raw: raw, wildcard: wildcard}
	if vars {
		t.parts = splitVariables(raw)
	} else {
		t.parts = []part{{kind: partText, text: raw}}
	}
	for _, p := range t.parts {
		if p.kind == partVar {
			t.hasVars = true
		}
	}
	if !t.hasVars {
		t.static = textPattern(raw, wildcard)
	}
	return t
}

func textPattern(s string, wildcard bool) pattern {
	if wildcard {
		return globPattern(s)
	}
	return literalPattern(s)
}

// splitVariables cuts s into text and ${...} variables. ${*}, ${?} and ${$}
// become literal text. An unterminated "${" is plain text.
func splitVariables(s string) []part {
	var parts []part
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		if i > 0 {
			parts = append(parts, part{kind: partText, text: s[:i]})
		}
		inner := s[i+2 : i+j]
		parts = append(parts, variablePart(s[i:i+j+1], inner))
		s = s[i+j+1:]
	}
	if s != "" {
		parts = append(parts, part{kind: partText, text: s})
	}
	return parts
}

// variablePart parses the inside of ${...}: a key, optionally followed by a
// default value in single quotes: ${aws:username, 'anonymous'}.
func variablePart(written, inner string) part {
	switch inner {
	case "*", "?", "$":
		// Special characters stand for themselves, never for a wildcard.
		return part{kind: partVar, text: written, key: "", def: inner, hasDef: true}
	}
	key, def, hasDef := inner, "", false
	if k, d, ok := strings.Cut(inner, ","); ok {
		d = strings.TrimSpace(d)
		if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
			key, def, hasDef = k, d[1:len(d)-1], true
		}
	}
	name := strings.TrimSpace(key)
	return part{kind: partVar, text: written, key: strings.ToLower(name), name: name, def: def, hasDef: hasDef}
}

// expand resolves the variables of t. It returns the key of a variable that
// had no value and no default; a pattern with such a hole must not match.
func (t *template) expand(e *env) (pattern, string, bool) {
	if !t.hasVars {
		return t.static, "", true
	}
	var p pattern
	for _, pt := range t.parts {
		if pt.kind == partText {
			p = append(p, textPattern(pt.text, t.wildcard)...)
			continue
		}
		v, ok := "", false
		if pt.key != "" {
			v, ok = e.variable(pt.key)
		}
		if !ok && pt.hasDef {
			v, ok = pt.def, true
		}
		if !ok {
			return nil, pt.name, false
		}
		if v != "" {
			p = append(p, token{kind: tokLit, lit: v})
		}
	}
	return p, "", true
}

// expandString resolves t for operators that compare whole strings.
func (t *template) expandString(e *env) (string, string, bool) {
	if !t.hasVars {
		return t.raw, "", true
	}
	p, missing, ok := t.expand(e)
	if !ok {
		return "", missing, false
	}
	return p.String(), "", true
}
