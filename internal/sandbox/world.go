package sandbox

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// buildWorld turns the scenario and what seeding produced into the gateway's served state;
// org is the scenario's organization (nil without one). The IAM model is added by Start.
func buildWorld(sc *scenario.Scenario, res *seed.Result, tokens []seed.Token, org *organization.Org, now time.Time) (*gateway.World, error) {
	w := &gateway.World{Region: sc.Region, Nodes: map[string][]gateway.Node{}, Settings: map[string]scenario.ServiceSettings{},
		Sessions: map[string][]scenario.Session{}, Simulate: sc.Simulate, Organization: org, Open: !sc.Enforced()}
	expand := seed.Lookup(sc, res)
	for _, a := range sc.Accounts {
		for _, in := range a.Instances {
			if in.SSM == nil {
				continue
			}
			n, err := ec2Node(res.InstanceIDs[in.Name], in, now)
			if err != nil {
				return nil, fmt.Errorf("instance %s: %w", in.Name, err)
			}
			n.Region = a.InstanceRegion(in.Name)
			w.Nodes[a.ID] = append(w.Nodes[a.ID], n)
		}
		for _, m := range a.ManagedNodes {
			n, err := hybridNode(m, now)
			if err != nil {
				return nil, fmt.Errorf("managed node %s: %w", m.ID, err)
			}
			w.Nodes[a.ID] = append(w.Nodes[a.ID], n)
		}
		for _, r := range a.AccountRegions() {
			_, w.Settings[gateway.SettingsKey(a.ID, r)] = a.Settings(r)
		}
		for _, s := range a.Sessions {
			var err error
			if s.Target, err = scenario.Expand(s.Target, expand); err != nil {
				return nil, fmt.Errorf("session %s: %w", s.ID, err)
			}
			if s.Owner, err = scenario.Expand(s.Owner, expand); err != nil {
				return nil, fmt.Errorf("session %s: %w", s.ID, err)
			}
			w.Sessions[a.ID] = append(w.Sessions[a.ID], s)
		}
	}
	if g := sc.Generate; g != nil {
		w.Nodes[g.Account] = append(w.Nodes[g.Account], fleetNodes(res, now)...)
	}
	w.Portal = portal(sc, res, tokens)
	w.ExternalIDs = externalIDs(sc, res)
	w.Boundaries = map[string]*scenario.PermissionBoundary{}
	if ic := sc.IdentityCenter; ic != nil {
		for _, ps := range ic.PermissionSets {
			if ps.PermissionsBoundary != nil {
				w.Boundaries[res.PermissionSetARNs[ps.Name]] = ps.PermissionsBoundary
			}
		}
		w.IdentityCenter = identityCenter(ic, res)
	}
	return w, nil
}

// identityCenter is what the gateway serves of Identity Center beyond moto: the ABAC
// configuration, enterprise attributes and where permission sets are provisioned (every
// account with an assignment of them: the sandbox provisions at assignment, as AWS does).
func identityCenter(ic *scenario.IdentityCenter, res *seed.Result) *gateway.IdentityCenter {
	out := &gateway.IdentityCenter{InstanceARN: res.InstanceARN, AccessControlAttributes: ic.AccessControlAttributes,
		Enterprise: map[string]map[string]any{}, Provisioned: map[string][]string{}}
	for _, u := range ic.Users {
		if attrs := u.EnterpriseAttributes(); attrs != nil {
			out.Enterprise[res.UserIDs[u.UserName]] = attrs
		}
	}
	for _, a := range ic.Assignments {
		arn := res.PermissionSetARNs[a.PermissionSet]
		if !slices.Contains(out.Provisioned[arn], a.Account) {
			out.Provisioned[arn] = append(out.Provisioned[arn], a.Account)
		}
	}
	for _, accounts := range out.Provisioned {
		slices.Sort(accounts)
	}
	return out
}

func ec2Node(id string, in scenario.Instance, now time.Time) (gateway.Node, error) {
	s := *in.SSM
	last, err := relative(now, s.LastPing, "-1m")
	if err != nil {
		return gateway.Node{}, err
	}
	tags := map[string]string{"Name": in.Name}
	for k, v := range in.Tags {
		tags[k] = v
	}
	platform := "Linux"
	if strings.EqualFold(in.Platform, "windows") {
		platform = "Windows"
	}
	return gateway.Node{InstanceID: id, Name: in.Name, ResourceType: "EC2Instance", SourceType: "AWS::EC2::Instance",
		PingStatus: cmp.Or(s.PingStatus, "Online"), LastPing: last, AgentVersion: cmp.Or(s.AgentVersion, "3.3.1142.0"),
		IsLatestVersion: s.IsLatestVersion == nil || *s.IsLatestVersion, PlatformType: platform,
		PlatformName: cmp.Or(s.PlatformName, "Amazon Linux"), PlatformVersion: cmp.Or(s.PlatformVersion, "2023"),
		ComputerName: s.ComputerName, IPAddress: s.IPAddress, IAMRole: s.SourceRole, AssociationStatus: cmp.Or(s.AssociationState, "Success"),
		Connected: connected(s), Tags: tags}, nil
}

func hybridNode(m scenario.ManagedNode, now time.Time) (gateway.Node, error) {
	n, err := ec2Node(m.ID, scenario.Instance{Name: m.Name, Tags: m.Tags, SSM: &m.SSM}, now)
	if err != nil {
		return n, err
	}
	reg, err := relative(now, m.RegistrationDate, "-720h")
	if err != nil {
		return n, err
	}
	n.ResourceType, n.SourceType, n.IAMRole, n.ActivationID, n.RegistrationDate = "ManagedInstance", "AWS::SSM::ManagedInstance", m.IAMRole, cmp.Or(m.ActivationID, "sandbox-activation"), reg
	n.Region = m.Region
	return n, nil
}

// fleetNodes gives generated instances varied but deterministic SSM states.
func fleetNodes(res *seed.Result, now time.Time) []gateway.Node {
	var names []string
	for name := range res.InstanceIDs {
		if strings.HasPrefix(name, "fleet-") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []gateway.Node
	for i, name := range names {
		if i%17 == 16 {
			continue // not managed by SSM at all
		}
		ping := "Online"
		if i%10 == 9 || res.Stopped[name] {
			ping = "ConnectionLost"
		}
		out = append(out, gateway.Node{Region: res.InstanceRegions[name], InstanceID: res.InstanceIDs[name], Name: name, ResourceType: "EC2Instance", SourceType: "AWS::EC2::Instance",
			PingStatus: ping, LastPing: now.Add(-time.Duration(i%300) * time.Second), AgentVersion: "3.3.1142.0", IsLatestVersion: i%4 != 0,
			PlatformType: "Linux", PlatformName: "Amazon Linux", PlatformVersion: "2023", AssociationStatus: "Success",
			Connected: ping == "Online", Tags: map[string]string{"Name": name, "fleet": "true"}})
	}
	return out
}

func portal(sc *scenario.Scenario, res *seed.Result, tokens []seed.Token) gateway.Portal {
	p := gateway.Portal{Tokens: map[string]gateway.PortalSession{}, Accounts: map[string]gateway.PortalAccount{},
		Roles: map[string]map[string][]string{}, RoleARNs: res.ReservedRoles, SessionHours: map[string]time.Duration{}}
	for _, t := range tokens {
		p.Tokens[t.Value] = gateway.PortalSession{User: t.User, Expires: t.Expires}
	}
	for _, a := range sc.Accounts {
		p.Accounts[a.ID] = gateway.PortalAccount{ID: a.ID, Name: a.Name, Email: a.Email}
	}
	ic := sc.IdentityCenter
	if ic == nil {
		return p
	}
	for _, ps := range ic.PermissionSets {
		p.SessionHours[ps.Name] = seed.SessionDuration(ps)
	}
	for _, u := range ic.Users {
		roles := map[string][]string{}
		seen := map[string]bool{}
		for _, a := range ic.UserAssignments(u.UserName) {
			if !seen[a.Account+"/"+a.PermissionSet] {
				seen[a.Account+"/"+a.PermissionSet] = true
				roles[a.Account] = append(roles[a.Account], a.PermissionSet)
			}
		}
		p.Roles[u.UserName] = roles
	}
	return p
}

func externalIDs(sc *scenario.Scenario, res *seed.Result) map[string][]gateway.ExternalID {
	out := map[string][]gateway.ExternalID{}
	ic := sc.IdentityCenter
	if ic == nil {
		return out
	}
	for _, u := range ic.Users {
		if u.ExternalID != nil {
			out[res.UserIDs[u.UserName]] = []gateway.ExternalID{{Issuer: u.ExternalID.Issuer, ID: u.ExternalID.ID}}
		}
	}
	for _, g := range ic.Groups {
		if g.ExternalID != nil {
			out[res.GroupIDs[g.Name]] = []gateway.ExternalID{{Issuer: g.ExternalID.Issuer, ID: g.ExternalID.ID}}
		}
	}
	return out
}

func connected(s scenario.SSMState) bool {
	if s.Connection != "" {
		return strings.EqualFold(s.Connection, "connected")
	}
	return cmp.Or(s.PingStatus, "Online") == "Online"
}

// relative parses a duration relative to now ("-2m"), or an RFC 3339 time.
func relative(now time.Time, v, def string) (time.Time, error) {
	v = cmp.Or(v, def)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a duration like -5m nor an RFC 3339 time", v)
	}
	return now.Add(d).UTC().Truncate(time.Second), nil
}
