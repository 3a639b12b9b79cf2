package awsconfig

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
)

// knownOtherSection reports config sections the AWS CLI itself defines that
// are not profiles, so they get no "write [profile NAME]" notice.
func knownOtherSection(h string) bool { return h == "plugins" || h == "preview" }

// addConfig maps config-file sections as botocore's build_profile_map does:
// the prefix test is startswith (so `[profilex]` is a malformed profile
// header, not a plain section) and a later section for the same name
// replaces the earlier one wholesale but keeps its position.
func (f *Files) addConfig(in *ini.File) {
	f.notes(in)
	if in.Defaults != nil {
		f.notice(in.Name, in.Defaults, "[DEFAULT] is not the default profile: the AWS CLI copies its keys into every section of this file, the SDKs read it as [default]; rename it to [default]")
	}
	for _, s := range in.Sections {
		src := Source{in.Name, s.Line, s.Header}
		switch {
		case strings.HasPrefix(s.Header, "profile"):
			name, why := headerName("profile", s.Header)
			if why != "" {
				f.notice(in.Name, s, "%s", why)
				continue
			}
			f.putProfile(name, src, valuesOf(s), true)
		case strings.HasPrefix(s.Header, "sso-session"):
			f.putNamed(f.sessions, "sso-session", s, src)
		case strings.HasPrefix(s.Header, "services"):
			f.putNamed(f.services, "services", s, src)
		case s.Header == "default":
			f.putProfile("default", src, valuesOf(s), true)
		case knownOtherSection(s.Header):
		default:
			f.notice(in.Name, s, "[%s] in the config file is not a profile; write [profile %s]", s.Header, s.Header)
		}
	}
}

func (f *Files) putNamed(into map[string]*NamedSection, kind string, s *ini.Section, src Source) {
	name, why := headerName(kind, s.Header)
	if why != "" {
		f.noticeAt(src, "%s", why)
		return
	}
	if prev, ok := into[name]; ok {
		f.noticeAt(src, "[%s %s] is defined again; the AWS CLI ignores the one on line %d", kind, name, prev.Source.Line)
	}
	into[name] = &NamedSection{Name: name, Source: src, values: valuesOf(s)}
}

// putProfile adds or replaces (config) or overlays (credentials) a profile.
func (f *Files) putProfile(name string, src Source, vals ini.Keys, replace bool) {
	p, ok := f.profiles[name]
	if !ok {
		p = &Profile{Name: name, values: vals, Sources: []Source{src}}
		f.profiles[name] = p
		f.order = append(f.order, p)
		return
	}
	if replace {
		f.noticeAt(src, "profile %s is defined again; the AWS CLI ignores the one on line %d", quoteName(name), p.Sources[0].Line)
		p.values, p.Sources = vals, []Source{src}
		return
	}
	merged := append(ini.Keys(nil), p.values...)
	for _, v := range vals {
		merged.Put(v)
	}
	p.values = merged
	p.Sources = append(p.Sources, src)
}

// addCredentials adds credentials-file sections: every header is a profile
// name as written, and its values win over the config file's.
func (f *Files) addCredentials(in *ini.File) {
	f.notes(in)
	if in.Defaults != nil {
		f.notice(in.Name, in.Defaults, "[DEFAULT] is not the default profile: the AWS CLI copies its keys into every section of this file; rename it to [default]")
	}
	for _, s := range in.Sections {
		src := Source{in.Name, s.Line, s.Header}
		if strings.HasPrefix(s.Header, "profile ") {
			f.notice(in.Name, s, "[%s] in the credentials file: the AWS CLI reads a profile named %q and the SDKs ignore it; write [%s]", s.Header, s.Header, strings.TrimSpace(strings.TrimPrefix(s.Header, "profile ")))
		}
		f.putProfile(s.Header, src, valuesOf(s), false)
	}
}

// notes turns the reader's notes on a file into notices.
func (f *Files) notes(in *ini.File) {
	for _, n := range in.Notes {
		f.noticeAt(Source{in.Name, n.Line, n.Section}, "%s", n.Msg)
	}
}
