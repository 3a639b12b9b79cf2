// Package preflight keeps the answers of ssm-canconnect --preflight on disk
// for a short time, so the second ssh within the TTL makes no AWS call. The
// cache is trusted only when the user owns it and no one else may write it:
// otherwise another local user could plant a "yes".
package preflight

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultTTL is short: long enough for ssh, scp and a retry in a row, short
// enough that a permission change shows within a minute.
const DefaultTTL = 60 * time.Second

// maxEntry bounds what is read back, so a planted huge file costs nothing.
const maxEntry = 1 << 20

// Cache stores entries as 0600 files in a 0700 directory.
type Cache struct {
	Dir string
	TTL time.Duration
}

type entry struct {
	ExpiresAt time.Time       `json:"expiresAt"`
	Value     json.RawMessage `json:"value"`
}

// Key hashes the parts an answer depends on (never a secret: the
// credentials' identity, the target, the session) into a file name.
func Key(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:])
}

// Get returns the value stored under key when it is fresh and the cache
// directory and file pass the ownership and permission checks.
func (c *Cache) Get(key string, now time.Time) (json.RawMessage, bool) {
	if c == nil || !trustedDir(c.Dir) {
		return nil, false
	}
	f, err := openNoFollow(c.path(key))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat() // the file opened, not the name: no swap in between
	if err != nil || !fi.Mode().IsRegular() || !trustedFile(f, fi) {
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(f, maxEntry))
	if err != nil {
		return nil, false
	}
	var e entry
	if json.Unmarshal(b, &e) != nil || !now.Before(e.ExpiresAt) || len(e.Value) == 0 {
		return nil, false
	}
	return e.Value, true
}

// Put stores value under key until now+TTL. Failing to write is not an
// error (the answer has been given); a directory that fails the checks is
// left alone.
func (c *Cache) Put(key string, value any, now time.Time) {
	if c == nil {
		return
	}
	ttl := c.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return
	}
	b, err := json.Marshal(entry{ExpiresAt: now.Add(ttl).UTC(), Value: raw})
	if err != nil {
		return
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil || !trustedDir(c.Dir) {
		return
	}
	f, err := os.CreateTemp(c.Dir, ".preflight-*") // 0600
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), c.path(key)) != nil {
		_ = os.Remove(f.Name())
	}
}

func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key+".json") }

// trustedDir reports whether dir is a real directory (not a symlink) the
// user owns and no one else may write.
func trustedDir(dir string) bool {
	fi, err := os.Lstat(dir)
	return err == nil && fi.IsDir() && trustedPath(dir, fi)
}

// errUntrusted marks a platform where ownership cannot be checked, or a
// Windows reparse point (link) where the cache file should be.
var errUntrusted = errors.New("the cache cannot be trusted on this platform")
