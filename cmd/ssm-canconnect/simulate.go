package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/mattn/go-isatty"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/decision"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/simulate"
	"github.com/urfave/cli/v2"
)

// simulateCommand evaluates IAM policy files offline: no AWS calls.
func simulateCommand() *cli.Command {
	return &cli.Command{
		Name:  "simulate",
		Usage: "evaluate IAM policy files offline for one request (no AWS calls)",
		Description: `Decides one request against policy files the way AWS does, and explains it:
the deciding statements, the conditions that failed and the context keys the
policies needed but the request did not supply. Exit 0 allowed, 1 denied, 2 bad input.

  ssm-canconnect simulate --policy permset.json --principal ARN \
    --action ssm:StartSession --resource INSTANCE_ARN \
    --resource arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession \
    --resource-tag ssmaccess=true

With --batch, reads one JSON case per line on stdin and writes one Decision per
line, in order; a case that cannot be evaluated gives "decision": "error".

` + cmdutil.FlagRule,
		Flags: slices.Concat(cmdutil.OutputFlags(), []cli.Flag{cmdutil.QuietFlag()}, requestFlags(), []cli.Flag{
			&cli.BoolFlag{Name: "batch", Usage: "read one JSON case per line on stdin; write one Decision per line"},
		}),
		Action: runSimulate,
	}
}

// requestFlags describe one request; --batch takes them from each case instead.
func requestFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "policy", Usage: "identity-based policy `FILE` (repeatable)"},
		&cli.StringFlag{Name: "boundary", Usage: "permissions boundary policy `FILE`"},
		&cli.StringFlag{Name: "session-policy", Usage: "session policy `FILE`"},
		&cli.StringFlag{Name: "resource-policy", Usage: "resource-based policy `FILE` (bucket policy, KMS key policy, ...)"},
		&cli.StringSliceFlag{Name: "scp", Usage: "SCP `FILE`, one per level from the organization root down (repeatable)"},
		&cli.StringSliceFlag{Name: "rcp", Usage: "RCP `FILE`, one per level from the organization root down (repeatable)"},
		&cli.StringFlag{Name: "principal", Usage: "caller `ARN`, required (user, role, assumed-role or SSO session, federated user, root)"},
		&cli.StringFlag{Name: "action", Usage: "`service:Action` to decide, e.g. ssm:StartSession"},
		&cli.StringSliceFlag{Name: "resource", Usage: "resource `ARN`; every one must be allowed (repeatable)"},
		&cli.StringSliceFlag{Name: "context", Usage: "context `KEY=VALUE` (repeatable; a repeated key is multivalued)"},
		&cli.StringSliceFlag{Name: "principal-tag", Usage: "principal tag `KEY=VALUE`, i.e. aws:PrincipalTag/KEY (repeatable)"},
		&cli.StringSliceFlag{Name: "resource-tag", Usage: "tag `KEY=VALUE` of the first --resource, as ssm:resourceTag/KEY and aws:ResourceTag/KEY (repeatable)"},
	}
}

func runSimulate(c *cli.Context) error {
	if c.NArg() > 0 {
		return cmdutil.Usagef("simulate takes no arguments, got %q", c.Args().First())
	}
	p, err := cmdutil.Printer(c)
	if err != nil {
		return err
	}
	quiet := c.Bool(cmdutil.FlagQuiet)
	worst := exitcode.OK
	emit := func(d decision.Decision) error {
		worst = exitcode.Worst(worst, d.ExitCode())
		if quiet {
			return nil
		}
		return p.Print(d)
	}
	if c.Bool("batch") {
		for _, f := range requestFlags() {
			if name := f.Names()[0]; c.IsSet(name) {
				// Silently ignoring it would decide other policies than the user meant.
				return cmdutil.Usagef("--%s does not combine with --batch: each case carries its own policies and request", name)
			}
		}
		streams, n := cmdutil.Streams(c), 0
		if f, ok := streams.In.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			// Waiting on a terminal looks like a hang.
			return cmdutil.Usagef("--batch reads one JSON case per line from stdin: pipe them in, e.g. ssm-canconnect simulate --batch < cases.ndjson")
		}
		count := func(d decision.Decision) error { n++; return emit(d) }
		if err := batchUntilDone(c.Context, streams.In, count); err != nil {
			return err
		}
		if n == 0 && !quiet {
			streams.Notef("no cases on stdin: --batch reads one JSON case per line")
		}
	} else {
		d, err := simulateFlags(c)
		if err != nil {
			return err
		}
		if err := emit(d); err != nil {
			return err
		}
	}
	if err := p.Flush(); err != nil {
		return err
	}
	return exitcode.Silent(worst)
}

// batchUntilDone runs the batch unless ctx ends first: Ctrl-C must stop a
// batch waiting on a pipe that never closes (cmdutil turns it into exit 130).
func batchUntilDone(ctx context.Context, in io.Reader, emit func(decision.Decision) error) error {
	err := cmdutil.UntilDone(ctx, func() error { return simulate.RunBatch(in, emit) })
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return exitcode.New(exitcode.Interrupted, "interrupted while reading cases from stdin")
	}
	return exitcode.Wrap(exitcode.Usage, err)
}

// simulateFlags evaluates the request the flags describe; bad input is exit 2.
func simulateFlags(c *cli.Context) (decision.Decision, error) {
	f := simulate.Flags{
		Policies: c.StringSlice("policy"), Boundary: c.String("boundary"),
		SessionPolicy: c.String("session-policy"), ResourcePolicy: c.String("resource-policy"),
		SCPs: c.StringSlice("scp"), RCPs: c.StringSlice("rcp"),
		Principal: c.String("principal"), Action: c.String("action"), Resources: c.StringSlice("resource"),
		Context: c.StringSlice("context"), PrincipalTags: c.StringSlice("principal-tag"),
		ResourceTags: c.StringSlice("resource-tag"),
	}
	if f.Principal == "" || f.Action == "" || len(f.Resources) == 0 {
		return decision.Decision{}, cmdutil.Usagef("simulate needs --principal, --action and at least one --resource (or --batch)")
	}
	req, set, err := f.Build(readPolicyFile)
	if err != nil {
		return decision.Decision{}, exitcode.Wrap(exitcode.Usage, err)
	}
	res, err := policy.Evaluate(req, set)
	if err != nil {
		return decision.Decision{}, exitcode.Wrap(exitcode.Usage, err)
	}
	return decision.New(nil, req, res), nil
}

// maxPolicyFile is far above AWS's largest policy document (a KMS key policy,
// 32 KB), so a bigger file is a mistake such as --policy /dev/zero.
const maxPolicyFile = 1 << 20

// readPolicyFile reads at most maxPolicyFile bytes, so a wrong path can
// neither hang the tool nor exhaust memory.
func readPolicyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPolicyFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPolicyFile {
		return nil, fmt.Errorf("%s is larger than 1 MiB: not an IAM policy document", path)
	}
	return data, nil
}
