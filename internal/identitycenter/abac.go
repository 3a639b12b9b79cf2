package identitycenter

import "strings"

// PrincipalTags are the session tags Identity Center passes for a user: each
// access-control attribute whose source resolves to a value; an attribute
// without a value is not passed
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/configure-abac.html).
// Sources are ${path:...} (an external IdP's SCIM attributes) or ${user:...}
// (the Identity Center directory's); Missing lists the keys left out.
func PrincipalTags(attrs []Attribute, u User) (tags map[string]string, missing []string) {
	tags = map[string]string{}
	for _, a := range attrs {
		v := ""
		for _, src := range a.Sources {
			if v = resolve(src, u); v != "" {
				break
			}
		}
		if v == "" {
			missing = append(missing, a.Key)
			continue
		}
		tags[a.Key] = v
	}
	return tags, missing
}

// userPaths maps the Identity Center directory's ${user:...} names to SCIM paths.
var userPaths = map[string]string{
	"email": "emails[primary eq true].value", "familyname": "name.familyName", "givenname": "name.givenName",
	"middlename": "name.middleName", "name": "name.formatted", "displayname": "displayName", "username": "userName",
}

// resolve is one source's value for u: "${path:enterprise.costCenter}",
// "${user:email}", or text around them ("${path:name.givenName} ${path:name.familyName}").
func resolve(src string, u User) string {
	var b strings.Builder
	rest := src
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		ref := rest[i+2 : i+j]
		rest = rest[i+j+1:]
		kind, path, ok := strings.Cut(ref, ":")
		if !ok {
			return ""
		}
		var v string
		switch kind {
		case "path":
			v = u.Attributes[path]
			if v == "" && path == "emails[primary eq true].value" {
				v = u.Email
			}
		case "user":
			p := userPaths[strings.ToLower(path)]
			v = u.Attributes[p]
			if v == "" && p == "emails[primary eq true].value" {
				v = u.Email
			}
		}
		if v == "" {
			return "" // a source with a missing part gives no value
		}
		b.WriteString(v)
	}
	return b.String()
}
