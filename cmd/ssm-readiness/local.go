package main

import (
	"context"

	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/ssmkit/ssmkit/internal/sshconfig"
)

// localRecord runs the --local checks: the tools on PATH and the ssh
// config's ProxyCommands, with each profile looked up offline in this
// machine's AWS config (as ssm-profiles sees it). A malformed AWS config or
// ssh config is exit 2.
func localRecord(ctx context.Context, d deps, sshFlag string) (readiness.Readiness, error) {
	home, err := d.home()
	if err != nil {
		return readiness.Readiness{}, err
	}
	loc, err := runas.Load(d.env, d.home, d.now())
	if err != nil {
		return readiness.Readiness{}, err
	}
	hosts, err := sshconfig.Reader{Home: home}.Load(sshConfigPath(home, sshFlag))
	if err != nil {
		return readiness.Readiness{}, usage(err)
	}
	checks := []readiness.Check{
		readiness.CheckAWSCLI(ctx, d.programs),
		readiness.CheckPlugin(ctx, d.programs),
		readiness.CheckSSH(ctx, d.programs),
		readiness.CheckSSHConfig(hosts, profileLookup(loc)),
	}
	return readiness.NewReadiness(readiness.ScopeLocal, readiness.TargetRef{}, checks), nil
}

// profileLookup answers from the local files; "" is the profile ssh's
// environment would give the CLI (AWS_PROFILE, else [default]).
func profileLookup(loc *runas.Local) readiness.ProfileLookup {
	return func(name string) readiness.ProfileState {
		s := loc.Implicit()
		if name != "" {
			s = loc.Named(name)
		}
		if s.Missing || (name == "" && s.Name == "" && !s.FromEnv) {
			return readiness.ProfileState{}
		}
		st := readiness.ProfileState{Exists: true, LoggedIn: s.LoggedIn, Account: s.AccountID, Region: s.Region}
		if !s.LoggedIn {
			st.Fix = s.LoginCommand()
		}
		return st
	}
}
