package awsalias

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
)

// Fit reads the user's alias file as it is (existing is nil when there is
// none; nothing is written) and says whether the printed block needs its own
// [toplevel] header, and what the user must do before adding it: the AWS
// CLI reads the file with configparser in strict mode, so a second
// [toplevel] or a second alias of the same name makes every aws command fail.
func Fit(path string, existing []byte) (section bool, notes []string) {
	if existing == nil {
		return true, nil
	}
	f, err := ini.ParseRaw(path, existing)
	if err != nil {
		return true, []string{fmt.Sprintf("%v: the AWS CLI cannot read the alias file either; fix it first", err)}
	}
	var top *ini.Section
	for _, s := range f.Sections {
		if s.Header == "toplevel" {
			top = s
		}
	}
	if top == nil {
		return true, nil
	}
	last := f.Sections[len(f.Sections)-1]
	if last != top {
		notes = append(notes, fmt.Sprintf("%s:%d: paste these aliases under the existing [toplevel], not at the end of the file: there they would belong to [%s]",
			path, top.Line, last.Header))
	}
	var dup []string
	for _, a := range Suite() {
		if k, ok := top.Keys.Get(a.Name); ok {
			dup = append(dup, fmt.Sprintf("%s (line %d)", a.Name, k.Line))
		}
	}
	if len(dup) > 0 {
		notes = append(notes, fmt.Sprintf("%s: aliases %s exist already: remove them first, as the AWS CLI refuses an alias defined twice",
			path, strings.Join(dup, ", ")))
	}
	return false, notes
}
