package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultRegion is used when a scenario names none.
const DefaultRegion = "eu-west-1"

// LoadFile reads and validates a scenario file.
func LoadFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading scenario: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes a scenario strictly (unknown fields are errors) and validates it;
// file names the source in every error message.
func Parse(file string, data []byte) (*Scenario, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: scenario is empty", file)
		}
		return nil, fmt.Errorf("%s", yamlError(file, err))
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: only one YAML document is allowed", file)
	}
	s.applyRegionDefaults()
	if errs := s.Validate(); len(errs) > 0 {
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root) // already decoded once: cannot fail
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = file + ": " + e.Error()
			if line := lineOf(&root, e.Error()); line > 0 {
				msgs[i] = file + ":" + strconv.Itoa(line) + ": " + e.Error()
			}
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	return &s, nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlError rewrites yaml.v3's messages as `file:line: message`, one per line.
func yamlError(file string, err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]string, 0, len(te.Errors))
		for _, e := range te.Errors {
			if m := yamlLine.FindStringSubmatch(e); m != nil {
				out = append(out, fmt.Sprintf("%s:%s: %s", file, m[1], m[2]))
				continue
			}
			out = append(out, file+": "+e)
		}
		return strings.Join(out, "\n")
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s:%s: %s", file, m[1], m[2])
	}
	return file + ": " + msg
}
