package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
)

// report counts agreements and groups disagreements by class.
type report struct {
	total, comparable, agree int
	oursDecisions            map[string]int
	incomparable             map[string]int
	classes                  map[string][]obj
}

func newReport() *report {
	return &report{oursDecisions: map[string]int{}, incomparable: map[string]int{}, classes: map[string][]obj{}}
}

func (r *report) add(c obj, line []byte, orc *oracle) error {
	r.total++
	o := ours(line)
	t, err := orc.eval(line)
	if err != nil {
		return err
	}
	switch {
	case t.Decision == "error":
		r.incomparable["iam-simulate rejects: "+clip(t.Message, 90)]++
		return nil
	case len(t.Ignored) > 0:
		r.incomparable["iam-simulate ignores context key "+strings.Join(t.Ignored, ",")]++
		return nil
	case o.Decision == "error":
		r.incomparable["ssmkit rejects: "+clip(o.Message, 90)]++
		return nil
	}
	r.comparable++
	r.oursDecisions[o.Decision]++
	if o.Decision == t.Decision {
		r.agree++
		return nil
	}
	pair := "ssmkit " + o.Decision + " / iam-simulate " + t.Decision
	small := shrink(c, func(cand obj) bool {
		b, _ := json.Marshal(cand)
		o2 := ours(b)
		t2, err := orc.eval(b)
		return err == nil && len(t2.Ignored) == 0 && o2.Decision == o.Decision && t2.Decision == t.Decision
	})
	key := pair + " | " + features(small)
	if k := classify(small); k != "" {
		key = "known: " + k
	}
	r.classes[key] = append(r.classes[key], small)
	return nil
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func (r *report) print(w io.Writer, examples int) {
	fmt.Fprintf(w, "%d cases, %d comparable, %d agree (%.2f%%)\n", r.total, r.comparable, r.agree, 100*float64(r.agree)/float64(max(r.comparable, 1)))
	fmt.Fprintf(w, "ssmkit decisions on comparable cases: %v\n", r.oursDecisions)
	for _, k := range sortedByCount(r.incomparable) {
		fmt.Fprintf(w, "  incomparable %5d  %s\n", r.incomparable[k], k)
	}
	counts := map[string]int{}
	for k, v := range r.classes {
		counts[k] = len(v)
	}
	for _, k := range sortedByCount(counts) {
		fmt.Fprintf(w, "\nDISAGREE %d  %s\n", counts[k], k)
		for i, c := range r.classes[k] {
			if i >= examples {
				break
			}
			b, _ := json.Marshal(c)
			fmt.Fprintf(w, "  %s\n", b)
		}
	}
}

func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// features names what a shrunk case holds: the policy types, the principal
// kind, cross-account, the elements and condition operators its statements use.
func features(c obj) string {
	set := map[string]bool{}
	for _, k := range policyFields {
		if _, ok := c[k]; ok {
			set[k] = true
		}
	}
	req, _ := c["request"].(obj)
	p, _ := req["principal"].(string)
	switch {
	case strings.Contains(p, "AWSReservedSSO"):
		set["sso-session"] = true
	case strings.Contains(p, "assumed-role"):
		set["role-session"] = true
	default:
		set["iam-user"] = true
	}
	set[fmt.Sprint(req["action"])] = true
	if crossAccount(req) {
		set["cross-account"] = true
	}
	var visit func(v any)
	visit = func(v any) {
		switch t := v.(type) {
		case obj:
			for k, e := range t {
				switch k {
				case "NotAction", "NotResource", "NotPrincipal":
					set[k] = true
				case "Condition":
					if m, ok := e.(obj); ok {
						for op := range m {
							set[op] = true
						}
					}
				case "Version":
					if e != "2012-10-17" {
						set["Version "+fmt.Sprint(e)] = true
					}
				}
				visit(e)
			}
		case []any:
			for _, e := range t {
				visit(e)
			}
		case string:
			if strings.Contains(t, "${") {
				set["variable"] = true
			}
		}
	}
	for k, v := range c {
		if k != "request" {
			visit(v)
		}
	}
	return strings.Join(slices.Sorted(maps.Keys(set)), " ")
}

func crossAccount(req obj) bool {
	p, _ := req["principal"].(string)
	rs, _ := req["resources"].([]any)
	if len(rs) == 0 {
		return false
	}
	arn, _ := rs[0].(string)
	if m, ok := rs[0].(obj); ok {
		arn, _ = m["arn"].(string)
	}
	acct := func(a string) string {
		parts := strings.SplitN(a, ":", 6)
		if len(parts) < 6 {
			return ""
		}
		return parts[4]
	}
	ra := acct(arn)
	if ctx, ok := req["context"].(obj); ok && ra == "" {
		ra, _ = ctx["aws:ResourceAccount"].(string)
	}
	return ra != "" && ra != acct(p)
}
