package scenario

import (
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Document is a JSON policy document, written in YAML as a mapping or as a JSON string.
type Document struct {
	// JSON is the document as compact JSON, empty when the field was absent.
	JSON string
}

// UnmarshalYAML accepts a mapping (converted to JSON) or a string holding JSON.
func (d *Document) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		if !json.Valid([]byte(n.Value)) {
			return fmt.Errorf("line %d: policy document is not valid JSON", n.Line)
		}
		d.JSON = n.Value
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return err
	}
	b, err := json.Marshal(normalize(v))
	if err != nil {
		return fmt.Errorf("line %d: policy document: %w", n.Line, err)
	}
	d.JSON = string(b)
	return nil
}

// IsZero reports whether no document was given.
func (d Document) IsZero() bool { return d.JSON == "" }

// normalize turns YAML's map[string]any trees into JSON-marshalable ones.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}
