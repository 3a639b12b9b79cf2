package profiles

import (
	"encoding/json"
	"io"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// AppendJSON appends the record's JSON to b without reflection: listing
// 10,000 profiles spent a third of its time in encoding/json. The output is
// byte-for-byte what json.Marshal makes of the struct tags
// (TestAppendJSONMatchesEncodingJSON holds it to that). It is not named
// MarshalJSON because json.Marshal would then re-validate every byte.
func (p Profile) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	b = field(b, "kind", p.Kind, false)
	b = field(b, "apiVersion", p.APIVersion, true)
	b = field(b, "name", p.Name, true)
	b = field(b, "credentialSource", p.CredentialSource, true)
	b = optField(b, "accountId", p.AccountID)
	b = optField(b, "roleName", p.RoleName)
	b = optField(b, "region", p.Region)
	b = optField(b, "ssoSession", p.SSOSession)
	b = optField(b, "ssoStartUrl", p.SSOStartURL)
	b = optField(b, "ssoRegion", p.SSORegion)
	b = optField(b, "roleArn", p.RoleARN)
	b = optField(b, "sourceProfile", p.SourceProfile)
	b = optField(b, "roleCredentialSource", p.RoleCredentialSource)
	if len(p.Chain) > 0 {
		b = stringList(append(b, `,"chain":`...), p.Chain)
	}
	b = optField(b, "accessKeyId", p.AccessKeyID)
	b = stringList(append(b, `,"files":`...), p.Files)
	if p.Token != nil {
		b = append(b, `,"token":{`...)
		b = field(b, "status", p.Token.Status, false)
		if p.Token.ExpiresAt != nil {
			b = append(b, `,"expiresAt":`...)
			b = appendTime(b, *p.Token.ExpiresAt)
		}
		if p.Token.Refreshable {
			b = append(b, `,"refreshable":true`...)
		}
		b = append(b, '}')
	}
	b = append(b, `,"loggedIn":`...)
	b = strconv.AppendBool(b, p.LoggedIn)
	b = optField(b, "fix", p.Fix)
	if len(p.Warnings) > 0 {
		b = stringList(append(b, `,"warnings":`...), p.Warnings)
	}
	return append(b, '}')
}

func field(b []byte, name, v string, comma bool) []byte {
	if comma {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, v)
}

func optField(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	return field(b, name, v, true)
}

// stringList appends a JSON array of strings; nil is null, as encoding/json has it.
func stringList(b []byte, vs []string) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, v)
	}
	return append(b, ']')
}

// appendString quotes plain printable ASCII directly and hands anything
// that needs escaping (control bytes, quotes, HTML characters, non-ASCII)
// to encoding/json so the escaping rules stay exactly its own.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendTime writes t as time.Time.MarshalJSON does (RFC 3339 with
// nanoseconds, quoted); token expiries are always within years 0-9999.
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// WriteNDJSON writes one JSON line per record, encoding shards of a big
// slice on every core and writing them in order.
func WriteNDJSON(w io.Writer, recs []Profile) error {
	shards := 1
	if len(recs) >= parallelMin {
		shards = min(runtime.GOMAXPROCS(0), 4)
	}
	parts := make([][]byte, shards)
	var wg sync.WaitGroup
	for s := range parts {
		lo, hi := s*len(recs)/shards, (s+1)*len(recs)/shards
		wg.Go(func() {
			buf := make([]byte, 0, (hi-lo)*384)
			for _, r := range recs[lo:hi] {
				buf = append(r.AppendJSON(buf), '\n')
			}
			parts[s] = buf
		})
	}
	wg.Wait()
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}
