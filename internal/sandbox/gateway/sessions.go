package gateway

import (
	"net/http"
	"sort"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

type describeSessionsInput struct {
	State   string `json:"State"`
	Filters []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"Filters"`
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

// describeSessions lists the account's Active or History sessions in the signing region
// with AWS's filters.
func (g *Gateway) describeSessions(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	var in describeSessionsInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.State != "Active" && in.State != "History" {
		return validation("state", in.State, "Member must satisfy enum value set: [Active, History]")
	}
	size := 20
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 200 {
			return validation("maxResults", *in.MaxResults, "Member must have value between 1 and 200")
		}
		size = *in.MaxResults
	}
	var rows []scenario.Session
	for _, s := range g.opts.World.Sessions[who.Account] {
		if s.Active() != (in.State == "Active") || g.opts.World.regionOf(s.Region) != req.Region {
			continue
		}
		keep := true
		for _, f := range in.Filters {
			switch f.Key {
			case "Target":
				keep = keep && s.Target == f.Value
			case "Owner":
				keep = keep && s.Owner == f.Value
			case "Status":
				keep = keep && sessionStatus(s) == f.Value
			case "SessionId":
				keep = keep && s.ID == f.Value
			case "InvokedAfter", "InvokedBefore":
				at, err := time.Parse(time.RFC3339, f.Value)
				started, _ := time.Parse(time.RFC3339, s.StartedAt)
				if err != nil {
					return validation("filters.value", f.Value, "Member must be a timestamp")
				}
				keep = keep && (f.Key == "InvokedAfter") == started.After(at)
			default:
				return validation("filters.key", f.Key, "Member must satisfy enum value set: [InvokedAfter, InvokedBefore, Target, Owner, Status, SessionId]")
			}
		}
		if keep {
			rows = append(rows, s)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].StartedAt > rows[j].StartedAt })
	start, end, next, err := page(in.NextToken, len(rows), size)
	if err != nil {
		return err
	}
	list := make([]map[string]any, 0, end-start)
	for _, s := range rows[start:end] {
		m := map[string]any{"SessionId": s.ID, "Target": s.Target, "Status": sessionStatus(s),
			"Owner": s.Owner, "DocumentName": s.Document, "Reason": s.Reason}
		if t, err := time.Parse(time.RFC3339, s.StartedAt); err == nil {
			m["StartDate"] = epoch(t)
		}
		if t, err := time.Parse(time.RFC3339, s.EndedAt); err == nil {
			m["EndDate"] = epoch(t)
		}
		list = append(list, m)
	}
	out := map[string]any{"Sessions": list}
	if next != "" {
		out["NextToken"] = next
	}
	return writeJSON(w, out)
}

func sessionStatus(s scenario.Session) string {
	if s.Status == "" {
		return "Connected"
	}
	return s.Status
}
