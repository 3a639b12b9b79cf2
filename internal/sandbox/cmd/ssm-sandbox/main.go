// Command ssm-sandbox starts the local AWS sandbox, prints the environment a shell needs,
// then `ready`, and runs until interrupted.
package main

import (
	"os"

	"github.com/ssmkit/ssmkit/internal/sandbox/launcher"
)

func main() {
	os.Exit(launcher.Main(os.Args[1:], os.Stdout, os.Stderr))
}
