package findings

import (
	"slices"
	"sort"
	"strings"
)

// gapSet merges the same problem met by several users or targets into one
// gap, keeping the order problems were first met in.
type gapSet struct {
	order []string
	byKey map[string]*Gap
}

func newGapSet() *gapSet { return &gapSet{byKey: map[string]*Gap{}} }

func (s *gapSet) add(g Gap, who string) {
	key := g.Component + "\x00" + g.Check + "\x00" + g.Reason + "\x00" + strings.Join(g.Changes, "\x00")
	if have := s.byKey[key]; have != nil {
		if !slices.Contains(have.Who, who) {
			have.Who = append(have.Who, who)
		}
		return
	}
	g.Who = []string{who}
	s.byKey[key] = &g
	s.order = append(s.order, key)
}

// sorted lists the gaps worst first, then by component order, then as met.
func (s *gapSet) sorted() []Gap {
	out := make([]Gap, 0, len(s.order))
	for _, k := range s.order {
		out = append(out, *s.byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Status.Rank() != out[j].Status.Rank() {
			return out[i].Status.Rank() > out[j].Status.Rank()
		}
		return slices.Index(componentOrder, out[i].Component) < slices.Index(componentOrder, out[j].Component)
	})
	return out
}
