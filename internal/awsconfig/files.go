// Package awsconfig is the profile model of the AWS CLI: it builds the
// profiles, [sso-session NAME] and [services NAME] sections from the shared
// config and credentials files the way botocore does (which headers are
// profiles, credentials over config, redefinitions), and notes what the CLI
// silently ignores. Package ini reads the files; package paths finds them;
// package ssocache reads the SSO token cache.
package awsconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

// Source says where a profile's settings came from.
type Source struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Header string `json:"section"`
}

// Profile is one named profile as the AWS CLI sees it: config-file values
// with credentials-file values laid over them.
type Profile struct {
	Name    string
	Sources []Source
	values  ini.Keys
}

// Get returns a setting (lower-case key) and whether it is set.
func (p *Profile) Get(key string) (string, bool) {
	k, ok := p.values.Get(key)
	return k.Value, ok
}

// Value returns a setting, or "" when unset.
func (p *Profile) Value(key string) string {
	k, _ := p.values.Get(key)
	return k.Value
}

// Has reports whether any of the keys is set.
func (p *Profile) Has(keys ...string) bool {
	for _, k := range keys {
		if p.values.Find(k) >= 0 {
			return true
		}
	}
	return false
}

// Sub returns the nested block under key (e.g. "s3"), or nil.
func (p *Profile) Sub(key string) map[string]string {
	k, _ := p.values.Get(key)
	return k.Sub
}

// NamedSection is a named non-profile block: `[sso-session NAME]` or `[services NAME]`.
type NamedSection struct {
	Name   string
	Source Source
	values ini.Keys
}

// Get returns a setting of the section and whether it is set.
func (s *NamedSection) Get(key string) (string, bool) {
	k, ok := s.values.Get(key)
	return k.Value, ok
}

// Keys returns the section's settings as key -> value.
func (s *NamedSection) Keys() map[string]string {
	out := make(map[string]string, len(s.values))
	for _, k := range s.values {
		out[k.Name] = k.Value
	}
	return out
}

// Notice is something in the files the AWS CLI silently ignores or
// misreads; the caller prints it as a warning.
type Notice struct {
	Source Source
	Msg    string
}

// String renders "FILE:LINE: message".
func (n Notice) String() string { return fmt.Sprintf("%s:%d: %s", n.Source.File, n.Source.Line, n.Msg) }

// Files is the parsed shared config and credentials files.
type Files struct {
	Paths    paths.Paths
	order    []*Profile
	profiles map[string]*Profile
	sessions map[string]*NamedSection
	services map[string]*NamedSection
	Notices  []Notice
}

// Load reads the files named in paths; a missing file counts as empty, as in
// the AWS CLI. A malformed file returns an *ini.ParseError.
func Load(p paths.Paths) (*Files, error) {
	cfg, err := readOptional(p.ConfigFile)
	if err != nil {
		return nil, err
	}
	creds, err := readOptional(p.CredentialsFile)
	if err != nil {
		return nil, err
	}
	f, err := Parse(p.ConfigFile, cfg, p.CredentialsFile, creds)
	if err != nil {
		return nil, err
	}
	f.Paths = p
	return f, nil
}

// readOptional returns nil for a path that is not a regular file, like
// botocore's os.path.isfile check.
func readOptional(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.Mode().IsRegular()) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

// Parse builds Files from the two files' contents (nil means absent).
func Parse(configName string, config []byte, credsName string, creds []byte) (*Files, error) {
	var cfgINI, credINI *ini.File
	var err error
	if config != nil {
		if cfgINI, err = ini.Parse(configName, config); err != nil {
			return nil, err
		}
	}
	if creds != nil {
		if credINI, err = ini.Parse(credsName, creds); err != nil {
			return nil, err
		}
	}
	n := 0
	for _, in := range []*ini.File{cfgINI, credINI} {
		if in != nil {
			n += len(in.Sections)
		}
	}
	f := &Files{profiles: make(map[string]*Profile, n), order: make([]*Profile, 0, n),
		sessions: map[string]*NamedSection{}, services: map[string]*NamedSection{}}
	if cfgINI != nil {
		f.addConfig(cfgINI)
	}
	if credINI != nil {
		f.addCredentials(credINI)
	}
	return f, nil
}

// Profiles returns every profile in the AWS CLI's order: config file first,
// then profiles only the credentials file names.
func (f *Files) Profiles() []*Profile { return f.order }

// Profile returns the named profile.
func (f *Files) Profile(name string) (*Profile, bool) {
	p, ok := f.profiles[name]
	return p, ok
}

// SSOSession returns the `[sso-session NAME]` section.
func (f *Files) SSOSession(name string) (*NamedSection, bool) {
	s, ok := f.sessions[name]
	return s, ok
}

// Service returns the `[services NAME]` section.
func (f *Files) Service(name string) (*NamedSection, bool) {
	s, ok := f.services[name]
	return s, ok
}

// SSOSessionNames returns the names of all sso-session sections.
func (f *Files) SSOSessionNames() []string {
	out := make([]string, 0, len(f.sessions))
	for n := range f.sessions {
		out = append(out, n)
	}
	return out
}

func (f *Files) notice(file string, s *ini.Section, format string, args ...any) {
	f.noticeAt(Source{file, s.Line, s.Header}, format, args...)
}

// noticeAt records a notice at src; notice is its shorthand for a parsed section.
func (f *Files) noticeAt(src Source, format string, args ...any) {
	f.Notices = append(f.Notices, Notice{src, fmt.Sprintf(format, args...)})
}

// valuesOf shares the section's keys; a credentials overlay copies first.
func valuesOf(s *ini.Section) ini.Keys { return s.Keys }

// headerName applies botocore's rule for `[KIND NAME]`: shlex-split into
// exactly two words, else the section is ignored (the second result says why).
func headerName(kind, h string) (string, string) {
	if name, ok := plainHeaderName(h); ok {
		return name, ""
	}
	parts, err := shlexSplit(h)
	switch {
	case err != nil:
		return "", fmt.Sprintf("[%s] is ignored by the AWS CLI: %v", h, err)
	case len(parts) == 1:
		return "", fmt.Sprintf("[%s] is ignored by the AWS CLI: write [%s NAME]", h, kind)
	case len(parts) != 2:
		return "", fmt.Sprintf("[%s] is ignored by the AWS CLI: quote a name that has spaces, as in [%s \"my name\"]", h, kind)
	}
	return parts[1], ""
}

// Keys returns the profile's setting names in file order (config file
// first, then keys only the credentials file sets).
func (p *Profile) Keys() []string {
	out := make([]string, len(p.values))
	for i, k := range p.values {
		out[i] = k.Name
	}
	return out
}

// Each calls fn for every setting in Keys order, without allocating.
func (p *Profile) Each(fn func(key, value string)) {
	for _, k := range p.values {
		fn(k.Name, k.Value)
	}
}

// plainHeaderName is headerName's allocation-free path for the common
// `KIND NAME` header without quotes or escapes.
func plainHeaderName(h string) (string, bool) {
	if strings.ContainsAny(h, "'\"\\") {
		return "", false
	}
	sep := func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' }
	h = strings.TrimLeftFunc(h, sep)
	i := strings.IndexFunc(h, sep)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeftFunc(h[i:], sep)
	j := strings.IndexFunc(rest, sep)
	if j < 0 {
		return rest, rest != ""
	}
	if strings.TrimLeftFunc(rest[j:], sep) != "" {
		return "", false
	}
	return rest[:j], true
}
