// Command iamdiff compares ssmkit's IAM evaluator (internal/policy, as
// `ssm-canconnect simulate --batch` runs it) with an independent one,
// @cloud-copilot/iam-simulate, on randomized cases, and shrinks every
// disagreement to a small case grouped by what it contains.
//
// It is not part of `make test`: it needs Node and the npm package, installed
// outside the repository:
//
//	mkdir -p /tmp/iamsim && (cd /tmp/iamsim && npm install @cloud-copilot/iam-simulate)
//	go run ./scripts/iamdiff -iamsim /tmp/iamsim -n 5000 -seed 1
//
// -cases FILE also writes the generated cases, ready for `simulate --batch`.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
}

type options struct {
	n        int
	seed     uint64
	iamsim   string
	runner   string
	cases    string
	examples int
	genOnly  bool
	rare     float64
	multi    float64
}

func run(args []string, stdout io.Writer) error {
	var o options
	fs := flag.NewFlagSet("iamdiff", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 2000, "number of random cases")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed (the same seed gives the same cases)")
	fs.StringVar(&o.iamsim, "iamsim", os.Getenv("IAMSIM_DIR"), "directory where @cloud-copilot/iam-simulate is npm-installed")
	fs.StringVar(&o.runner, "runner", "scripts/iamdiff/runner.mjs", "path to runner.mjs")
	fs.StringVar(&o.cases, "cases", "", "also write the generated cases to this file (NDJSON)")
	fs.IntVar(&o.examples, "examples", 1, "shrunk examples to print per class of disagreement")
	fs.BoolVar(&o.genOnly, "gen", false, "only write the cases to stdout; run no evaluator")
	fs.Float64Var(&o.multi, "multi", 0.3, "share of instance StartSession cases (0-1) that also name the document, as Session Manager authorizes both")
	fs.Float64Var(&o.rare, "rare", 0, "share of cases (0-1) whose caller is an IAM role ARN, a federated user or the root user")
	if err := fs.Parse(args); err != nil {
		return err
	}
	g := newGen(o.seed)
	g.rare, g.multi = o.rare, o.multi
	if o.genOnly {
		enc := json.NewEncoder(stdout)
		for i := range o.n {
			if err := enc.Encode(g.newCase(fmt.Sprintf("c%05d", i))); err != nil {
				return err
			}
		}
		return nil
	}
	if o.iamsim == "" {
		return errors.New("-iamsim DIR (or IAMSIM_DIR) must name the directory where @cloud-copilot/iam-simulate is installed; see the package comment")
	}
	orc, err := startOracle(o.runner, o.iamsim)
	if err != nil {
		return err
	}
	defer orc.close()
	var casesOut io.Writer = io.Discard
	if o.cases != "" {
		f, err := os.Create(o.cases)
		if err != nil {
			return err
		}
		defer f.Close()
		casesOut = f
	}
	rep := newReport()
	for i := range o.n {
		c := g.newCase(fmt.Sprintf("c%05d", i))
		line, _ := json.Marshal(c)
		fmt.Fprintf(casesOut, "%s\n", line)
		if err := rep.add(c, line, orc); err != nil {
			return err
		}
	}
	rep.print(stdout, o.examples)
	return nil
}
