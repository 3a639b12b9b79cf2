package fidelity

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox"
)

// timestamp is a time as the CLIs print it: v1 keeps the wire's epoch seconds, v2 an
// ISO 8601 string. Either way it must be the same instant.
type timestamp struct{ time.Time }

func (ts *timestamp) UnmarshalJSON(b []byte) error {
	var secs float64
	if json.Unmarshal(b, &secs) == nil {
		ts.Time = time.UnixMilli(int64(secs * 1000)).UTC()
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	ts.Time = t.UTC()
	return err
}

// TestHybridNodeWhitepaper starts the whitepaper scenario (its own sandbox, with a fixed
// clock) for what the seed scenario lacks: a hybrid mi- node registered through an
// activation. Its fields and timestamps must reach both CLIs as the scenario says. The
// whitepaper's permission sets may not list managed nodes (as in AWS): the account's
// administrator reads them.
func TestHybridNodeWhitepaper(t *testing.T) {
	setup(t) // same CI/skip rule for a missing moto
	now := time.Now().UTC().Truncate(time.Second)
	env := sandbox.StartT(t, "whitepaper", func(o *sandbox.Options) { o.Now = func() time.Time { return now } })
	wp := &fixture{env: env, v1: fx.v1, v2: fx.v2, creds: map[string][]string{}}
	type row struct {
		InstanceID, Name, ResourceType, IamRole, ActivationID, PingStatus, PlatformName, PlatformVersion, IPAddress string
		LastPing, Registered                                                                                        time.Time
	}
	var want []row
	var account, tier string
	for _, a := range wp.sc().Accounts {
		for _, m := range a.ManagedNodes {
			account, tier = a.ID, or(a.ServiceSettings.ActivationTier, "standard")
			last, err1 := time.ParseDuration(m.SSM.LastPing)
			reg, err2 := time.ParseDuration(m.RegistrationDate)
			if err1 != nil || err2 != nil {
				t.Fatalf("node %s: times are not durations from now: %v %v", m.ID, err1, err2)
			}
			want = append(want, row{m.ID, m.Name, "ManagedInstance", m.IAMRole, m.ActivationID, m.SSM.PingStatus, m.SSM.PlatformName,
				m.SSM.PlatformVersion, m.SSM.IPAddress, now.Add(last), now.Add(reg)})
		}
	}
	if len(want) == 0 {
		t.Fatal("the whitepaper scenario has no hybrid node")
	}
	for _, c := range wp.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env := wp.adminEnv(t, account)
			var out struct {
				InstanceInformationList []struct {
					InstanceId, Name, ResourceType, IamRole, ActivationId, PingStatus, PlatformName, PlatformVersion, IPAddress string
					LastPingDateTime, RegistrationDate                                                                          timestamp
				}
			}
			res, _ := wp.call(t, c, env, "ssm", "describe-instance-information", "--filters", "Key=ResourceType,Values=ManagedInstance")
			res.JSON(t, &out)
			var got []row
			for _, n := range out.InstanceInformationList {
				got = append(got, row{n.InstanceId, n.Name, n.ResourceType, n.IamRole, n.ActivationId, n.PingStatus, n.PlatformName,
					n.PlatformVersion, n.IPAddress, n.LastPingDateTime.Time, n.RegistrationDate.Time})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("hybrid nodes (-scenario +CLI):\n%s", diff)
			}
			var setting struct{ ServiceSetting struct{ SettingValue string } }
			res, _ = wp.call(t, c, env, "ssm", "get-service-setting", "--setting-id", "/ssm/managed-instance/activation-tier")
			res.JSON(t, &setting)
			if setting.ServiceSetting.SettingValue != tier {
				t.Errorf("activation tier = %q, want %q", setting.ServiceSetting.SettingValue, tier)
			}
		})
	}
}
