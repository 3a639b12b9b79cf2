// Package scenarios holds the bundled sandbox scenarios (YAML files embedded in the binary).
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

//go:embed *.yaml
var files embed.FS

// Names lists the bundled scenarios.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// Load returns a bundled scenario by name, or reads a scenario file when nameOrPath is a path.
func Load(nameOrPath string) (*scenario.Scenario, error) {
	if strings.ContainsAny(nameOrPath, `/\`) || strings.HasSuffix(nameOrPath, ".yaml") || strings.HasSuffix(nameOrPath, ".yml") {
		if _, err := os.Stat(nameOrPath); err == nil {
			return scenario.LoadFile(nameOrPath)
		}
	}
	data, err := files.ReadFile(nameOrPath + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("unknown scenario %q: use one of %s or a path to a YAML file", nameOrPath, strings.Join(Names(), ", "))
	}
	return scenario.Parse(nameOrPath+".yaml", data)
}
