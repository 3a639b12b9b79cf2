package scenario

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	pathPart = regexp.MustCompile(`^([A-Za-z]+)(?:\[(\d+)\])?$`)
	// namedThing is a message segment like `instance web`, `vpc main` or `managed node "mi-1"`.
	namedThing = regexp.MustCompile(`^([a-z][A-Za-z]*(?: [a-z]+)?) "?([^" ]+)"?$`)
)

// lineOf finds the line a validation message is about by following its leading segments
// (`accounts[0]: instance web: ...`) through the YAML tree; 0 when none resolves.
func lineOf(root *yaml.Node, msg string) int {
	if root == nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return 0
	}
	node, line := root.Content[0], 0
	for _, seg := range strings.Split(msg, ": ") {
		if n, l := followPath(node, seg); n != nil {
			node, line = n, l
			continue
		}
		if m := namedThing.FindStringSubmatch(seg); m != nil {
			if n := findNamed(node, collection(m[1]), m[2]); n != nil {
				node, line = n, n.Line
				continue
			}
		}
		break
	}
	return line
}

// followPath resolves a dotted path such as `local.ssoCache[1]` below node.
func followPath(node *yaml.Node, path string) (*yaml.Node, int) {
	line := 0
	for _, part := range strings.Split(path, ".") {
		m := pathPart.FindStringSubmatch(part)
		if m == nil || node.Kind != yaml.MappingNode {
			return nil, 0
		}
		var next *yaml.Node
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == m[1] {
				next, line = node.Content[i+1], node.Content[i].Line
			}
		}
		if next == nil {
			return nil, 0
		}
		if m[2] != "" {
			i, _ := strconv.Atoi(m[2])
			if next.Kind != yaml.SequenceNode || i >= len(next.Content) {
				return nil, 0
			}
			next = next.Content[i]
			line = next.Line
		}
		node = next
	}
	return node, line
}

// collection is the YAML key listing things of a kind: "managed node" -> "managedNodes".
func collection(kind string) string {
	first, rest, _ := strings.Cut(kind, " ")
	if rest != "" {
		rest = strings.ToUpper(rest[:1]) + rest[1:]
	}
	return first + rest + "s"
}

// findNamed returns the first mapping listed under key (at any depth below node) that
// namedItem finds.
func findNamed(node *yaml.Node, key, value string) *yaml.Node {
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == key && node.Content[i+1].Kind == yaml.SequenceNode {
				if n := namedItem(node.Content[i+1], value); n != nil {
					return n
				}
			}
		}
	}
	for _, c := range node.Content {
		if n := findNamed(c, key, value); n != nil {
			return n
		}
	}
	return nil
}

// namedItem returns the item of seq whose name, userName, id, alias (keys) or service (endpoints) is value.
func namedItem(seq *yaml.Node, value string) *yaml.Node {
	for _, node := range seq.Content {
		if node.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(node.Content); i += 2 {
			switch node.Content[i].Value {
			case "name", "userName", "id", "service", "alias":
				if node.Content[i+1].Value == value {
					return node
				}
			}
		}
	}
	return nil
}
