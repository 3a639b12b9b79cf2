// Package sshconfig reads an OpenSSH client configuration (~/.ssh/config and
// the files it Includes) far enough to list its Host blocks and the
// keywords under each, as ssh_config(5) describes them. It reads files only;
// it never runs ssh.
//
// kevinburke/ssh_config was tried first: it resolves Include against the
// password database's home directory rather than the one the caller names,
// and does not expose the Host blocks of included files, both of which this
// tool needs (a test HOME, and every ProxyCommand wherever it is written).
package sshconfig

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxDepth is OpenSSH's limit on nested Include (READCONF_MAX_DEPTH).
const maxDepth = 16

// maxFile bounds one file so a wrong path cannot exhaust memory.
const maxFile = 4 << 20

// Host is one Host (or Match) block and the keywords under it, lower-cased,
// first value wins as in ssh (the caller reads Values[0]).
type Host struct {
	// Patterns are the Host line's patterns; a Match block has Match set instead.
	Patterns []string
	Match    string
	File     string
	Line     int
	Options  map[string][]string
}

// Get returns the first value of a keyword (case-insensitive).
func (h Host) Get(key string) string {
	if v := h.Options[strings.ToLower(key)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Name is how messages name the block: its patterns, or "Match ...".
func (h Host) Name() string {
	if h.Match != "" {
		return "Match " + h.Match
	}
	return strings.Join(h.Patterns, " ")
}

// Reader reads configuration files from disk.
type Reader struct {
	// Home is the user's home directory: Include paths that are relative
	// resolve under Home/.ssh, and ~ expands to it.
	Home string
	// ReadFile reads one file (os.ReadFile when nil).
	ReadFile func(string) ([]byte, error)
}

// Load reads path and every file it Includes, in order. A missing top-level
// file is no error (ssh works without one): it returns no hosts.
func (r Reader) Load(path string) ([]Host, error) {
	st := &state{r: r}
	if err := st.file(path, 0, -1); err != nil {
		return nil, err
	}
	return st.hosts, nil
}

type state struct {
	r     Reader
	hosts []Host
}

func (st *state) read(path string) ([]byte, error) {
	if st.r.ReadFile != nil {
		return st.r.ReadFile(path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFile {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFile)
	}
	return os.ReadFile(path)
}

// file parses one file; cur is the index of the block an Include sits in
// (-1 for none), which the included file's top-level keywords continue;
// after the Include the including file goes on in its own block, as ssh
// reads it.
func (st *state) file(path string, depth int, cur int) error {
	if depth > maxDepth {
		return fmt.Errorf("%s: Include nested more than %d deep (a loop?)", path, maxDepth)
	}
	data, err := st.read(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), maxFile)
	block := cur
	for n := 1; sc.Scan(); n++ {
		key, args, err := splitLine(sc.Text())
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		switch key {
		case "":
			continue
		case "host":
			st.hosts = append(st.hosts, Host{Patterns: args, File: path, Line: n, Options: map[string][]string{}})
			block = len(st.hosts) - 1
		case "match":
			st.hosts = append(st.hosts, Host{Match: strings.Join(args, " "), File: path, Line: n, Options: map[string][]string{}})
			block = len(st.hosts) - 1
		case "include":
			if err := st.include(args, depth, block); err != nil {
				return fmt.Errorf("%s:%d: %w", path, n, err)
			}
		default:
			if block < 0 {
				// Options before the first Host apply to every host: a block of "*".
				st.hosts = append(st.hosts, Host{Patterns: []string{"*"}, File: path, Line: n, Options: map[string][]string{}})
				block = len(st.hosts) - 1
			}
			if _, seen := st.hosts[block].Options[key]; !seen {
				st.hosts[block].Options[key] = args
			}
		}
	}
	return sc.Err()
}

// include expands each argument: ~ to Home, relative paths under Home/.ssh,
// globs in lexical order, as ssh_config(5) describes Include.
func (st *state) include(args []string, depth int, block int) error {
	for _, a := range args {
		p := a
		switch {
		case p == "~" || strings.HasPrefix(p, "~/"):
			p = filepath.Join(st.r.Home, strings.TrimPrefix(p, "~"))
		case !filepath.IsAbs(p):
			p = filepath.Join(st.r.Home, ".ssh", p)
		}
		matches, err := filepath.Glob(p)
		if err != nil {
			return fmt.Errorf("Include %s: %w", a, err)
		}
		sort.Strings(matches)
		for _, m := range matches {
			if err := st.file(m, depth+1, block); err != nil {
				return err
			}
		}
	}
	return nil
}

// splitLine splits "Keyword args" or "Keyword=args"; arguments may be double-
// quoted. Comments start with # at the beginning of a line. The keyword is
// lower-cased (keywords are case-insensitive).
func splitLine(line string) (string, []string, error) {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return "", nil, nil
	}
	end := strings.IndexAny(line, " \t=")
	if end < 0 {
		return strings.ToLower(line), nil, nil
	}
	key := strings.ToLower(line[:end])
	rest := strings.TrimLeft(line[end:], " \t")
	if strings.HasPrefix(rest, "=") {
		rest = strings.TrimLeft(rest[1:], " \t")
	}
	if key == "proxycommand" || key == "localcommand" || key == "remotecommand" || key == "knownhostscommand" {
		// ssh passes the rest of the line to the shell as written.
		return key, []string{rest}, nil
	}
	args, err := words(rest)
	return key, args, err
}

func words(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in, quoted := false, false
	for _, c := range s {
		switch {
		case c == '"':
			quoted, in = !quoted, true
		case (c == ' ' || c == '\t') && !quoted:
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(c)
			in = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated quote")
	}
	if in {
		out = append(out, cur.String())
	}
	return out, nil
}
