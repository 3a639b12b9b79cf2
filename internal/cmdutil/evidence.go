package cmdutil

import (
	"github.com/urfave/cli/v2"

	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// The evidence-bundle flags ssm-canconnect and ssm-readiness share.
const (
	FlagEvidence     = "evidence"
	FlagFromEvidence = "from-evidence"
)

// WithEvidence adds --evidence DIR and --from-evidence DIR to app: with the
// first the run goes to record, with the second to replay, otherwise to the
// app's own action. what names what is replayed in the help ("the check",
// "the checks").
func WithEvidence(app *cli.App, what string, record, replay cli.ActionFunc) {
	app.Flags = append(app.Flags,
		&cli.StringFlag{Name: FlagEvidence, Usage: "write an evidence bundle to `DIR`: the AWS answers each check relied on (secrets removed), findings.ndjson, report.md and index.json"},
		&cli.StringFlag{Name: FlagFromEvidence, Usage: "run " + what + " recorded in the evidence bundle `DIR` again, offline: every AWS answer comes from the bundle"},
	)
	live := app.Action
	app.Action = func(c *cli.Context) error {
		switch {
		case c.IsSet(FlagEvidence) && c.IsSet(FlagFromEvidence):
			return exitcode.New(exitcode.Usage, "--evidence and --from-evidence exclude each other: record a run, or replay one")
		case c.IsSet(FlagFromEvidence):
			return replay(c)
		case c.IsSet(FlagEvidence):
			return record(c)
		}
		return live(c)
	}
}
