package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

type ssmFilter struct {
	Key    string   `json:"Key"`
	Values []string `json:"Values"`
}

type ssmInfoFilter struct {
	Key      string   `json:"key"`
	ValueSet []string `json:"valueSet"`
}

type describeInstanceInformationInput struct {
	InstanceInformationFilterList []ssmInfoFilter `json:"InstanceInformationFilterList"`
	Filters                       []ssmFilter     `json:"Filters"`
	MaxResults                    *int            `json:"MaxResults"`
	NextToken                     string          `json:"NextToken"`
}

// describeInstanceInformation serves the account's managed nodes in the signing region with
// AWS's filters and pages.
func (g *Gateway) describeInstanceInformation(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	var in describeInstanceInformationInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if len(in.InstanceInformationFilterList) > 0 && len(in.Filters) > 0 {
		return awsError{400, "InvalidFilter", "You can specify either InstanceInformationFilterList or Filters, but not both."}
	}
	filters := in.Filters
	for _, f := range in.InstanceInformationFilterList {
		filters = append(filters, ssmFilter{Key: f.Key, Values: f.ValueSet})
	}
	size := 50
	if in.MaxResults != nil {
		if *in.MaxResults < 5 || *in.MaxResults > 50 {
			return validation("maxResults", *in.MaxResults, "Member must have value between 5 and 50")
		}
		size = *in.MaxResults
	}
	var rows []Node
	for _, n := range g.opts.World.NodesIn(who.Account, req.Region) {
		ok, err := matchNode(n, filters)
		if err != nil {
			return err
		}
		if ok {
			rows = append(rows, n)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].InstanceID < rows[j].InstanceID })
	start, end, next, err := page(in.NextToken, len(rows), size)
	if err != nil {
		return err
	}
	list := make([]map[string]any, 0, end-start)
	for _, n := range rows[start:end] {
		list = append(list, nodeJSON(n))
	}
	out := map[string]any{"InstanceInformationList": list}
	if next != "" {
		out["NextToken"] = next
	}
	return writeJSON(w, out)
}

// matchNode applies DescribeInstanceInformation filters (values OR-ed, filters AND-ed).
func matchNode(n Node, filters []ssmFilter) (bool, error) {
	for _, f := range filters {
		var have []string
		switch {
		case f.Key == "InstanceIds":
			have = []string{n.InstanceID}
		case f.Key == "AgentVersion":
			have = []string{n.AgentVersion}
		case f.Key == "PingStatus":
			have = []string{n.PingStatus}
		case f.Key == "PlatformTypes":
			have = []string{n.PlatformType}
		case f.Key == "ActivationIds":
			have = []string{n.ActivationID}
		case f.Key == "IamRole":
			have = []string{n.IAMRole}
		case f.Key == "ResourceType":
			have = []string{n.ResourceType}
		case f.Key == "AssociationStatus":
			have = []string{n.AssociationStatus}
		case f.Key == "tag-key":
			for k := range n.Tags {
				have = append(have, k)
			}
		case strings.HasPrefix(f.Key, "tag:"):
			if v, ok := n.Tags[strings.TrimPrefix(f.Key, "tag:")]; ok {
				have = []string{v}
			}
		default:
			return false, awsError{400, "InvalidInstanceInformationFilterValue", fmt.Sprintf("The filter key %s is not valid.", f.Key)}
		}
		if !anyEqual(have, f.Values) {
			return false, nil
		}
	}
	return true, nil
}

func anyEqual(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

func nodeJSON(n Node) map[string]any {
	m := map[string]any{
		"InstanceId": n.InstanceID, "PingStatus": n.PingStatus, "LastPingDateTime": epoch(n.LastPing),
		"AgentVersion": n.AgentVersion, "IsLatestVersion": n.IsLatestVersion, "PlatformType": n.PlatformType,
		"PlatformName": n.PlatformName, "PlatformVersion": n.PlatformVersion, "ResourceType": n.ResourceType,
		"IPAddress": n.IPAddress, "ComputerName": n.ComputerName, "SourceId": n.InstanceID, "SourceType": n.SourceType,
	}
	if n.AssociationStatus != "" {
		m["AssociationStatus"] = n.AssociationStatus
	}
	if n.IAMRole != "" {
		m["IamRole"] = n.IAMRole
	}
	if n.ActivationID != "" {
		m["ActivationId"] = n.ActivationID
		m["RegistrationDate"] = epoch(n.RegistrationDate)
	}
	if n.Name != "" && n.ResourceType == "ManagedInstance" {
		m["Name"] = n.Name
	}
	return m
}

// serviceSettingIDs are the settings the sandbox knows; others are ServiceSettingNotFound.
const (
	settingDHMC           = "/ssm/managed-instance/default-ec2-instance-management-role"
	settingActivationTier = "/ssm/managed-instance/activation-tier"
)

// getServiceSetting answers the DHMC role and activation tier of the caller's account.
func (g *Gateway) getServiceSetting(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	var in struct {
		SettingID string `json:"SettingId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	id := in.SettingID
	if i := strings.Index(id, ":servicesetting"); i >= 0 {
		id = id[i+len(":servicesetting"):]
	}
	s := g.opts.World.SettingsIn(who.Account, req.Region)
	value, status := "", "Customized"
	switch id {
	case settingDHMC:
		value = s.DefaultHostManagementRole
		if value == "" {
			value, status = "$None", "Default"
		}
	case settingActivationTier:
		value = s.ActivationTier
		if value == "" {
			value, status = "standard", "Default"
		}
	default:
		return awsError{400, "ServiceSettingNotFound", fmt.Sprintf("The service setting %s was not found.", in.SettingID)}
	}
	return writeJSON(w, map[string]any{"ServiceSetting": map[string]any{
		"SettingId": id, "SettingValue": value, "Status": status,
		"ARN":              fmt.Sprintf("arn:aws:ssm:%s:%s:servicesetting%s", req.Region, who.Account, id),
		"LastModifiedDate": epoch(g.opts.Now().Add(-30 * 24 * time.Hour)),
	}})
}

// getConnectionStatus says whether a target could accept a session now.
func (g *Gateway) getConnectionStatus(w http.ResponseWriter, r *http.Request, req request, who principal) error {
	var in struct{ Target string }
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	status := "notconnected"
	for _, n := range g.opts.World.NodesIn(who.Account, req.Region) {
		if n.InstanceID == in.Target && n.Connected {
			status = "connected"
		}
	}
	return writeJSON(w, map[string]any{"Target": in.Target, "Status": status})
}

func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		return awsError{400, "SerializationException", "could not parse request body: " + err.Error()}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", requestID())
	_, err = w.Write(b)
	return err
}

func validation(field string, value any, constraint string) error {
	return awsError{400, "ValidationException", fmt.Sprintf("1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", value, field, constraint)}
}

// epoch is how JSON protocols encode timestamps: seconds since 1970 as a number.
func epoch(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli()) / 1000
}
