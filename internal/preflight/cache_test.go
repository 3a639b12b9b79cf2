package preflight

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

type answer struct{ Decision string }

func TestCacheRoundTripAndExpiry(t *testing.T) {
	c := &Cache{Dir: filepath.Join(t.TempDir(), "ssmkit", "preflight"), TTL: time.Minute}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	k := Key("sso", "cast", "925774240130", "i-0abc", "ssh")
	c.Put(k, answer{"allowed"}, now)
	v, ok := c.Get(k, now.Add(30*time.Second))
	var a answer
	if !ok || json.Unmarshal(v, &a) != nil || a.Decision != "allowed" {
		t.Fatalf("Get = %s, %v", v, ok)
	}
	if _, ok := c.Get(k, now.Add(61*time.Second)); ok {
		t.Error("an entry past its TTL was returned")
	}
	if _, ok := c.Get(Key("other"), now); ok {
		t.Error("a missing key was returned")
	}
	for path, want := range map[string]os.FileMode{c.Dir: 0o700, c.path(k): 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %v", path, fi.Mode().Perm(), err, want)
		}
	}
}

// A planted "yes" is ignored: a directory or file others may write, a
// symlink, or an oversized file.
func TestCacheIgnoresWhatOthersCouldHavePlanted(t *testing.T) {
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	k := Key("x")
	fresh := func(t *testing.T) *Cache {
		c := &Cache{Dir: filepath.Join(t.TempDir(), "preflight")}
		c.Put(k, answer{"allowed"}, now)
		if _, ok := c.Get(k, now); !ok {
			t.Fatal("setup: the entry was not stored")
		}
		return c
	}
	t.Run("directory writable by group", func(t *testing.T) {
		c := fresh(t)
		if err := os.Chmod(c.Dir, 0o770); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(k, now); ok {
			t.Error("read from a group-writable directory")
		}
		c.Put(Key("y"), answer{"allowed"}, now)
		if _, err := os.Stat(c.path(Key("y"))); err == nil {
			t.Error("wrote into a group-writable directory")
		}
	})
	t.Run("file writable by others", func(t *testing.T) {
		c := fresh(t)
		if err := os.Chmod(c.path(k), 0o606); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(k, now); ok {
			t.Error("read a world-writable file")
		}
	})
	t.Run("file is a symlink", func(t *testing.T) {
		c := fresh(t)
		planted := filepath.Join(t.TempDir(), "planted.json")
		if err := os.Rename(c.path(k), planted); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(planted, c.path(k)); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(k, now); ok {
			t.Error("followed a symlink")
		}
	})
	t.Run("directory is a symlink", func(t *testing.T) {
		c := fresh(t)
		link := filepath.Join(t.TempDir(), "link")
		if err := os.Symlink(c.Dir, link); err != nil {
			t.Fatal(err)
		}
		if _, ok := (&Cache{Dir: link}).Get(k, now); ok {
			t.Error("trusted a symlinked directory")
		}
	})
	t.Run("garbage", func(t *testing.T) {
		c := fresh(t)
		if err := os.WriteFile(c.path(k), []byte("not json"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(k, now); ok {
			t.Error("read garbage")
		}
	})
}

func TestPluginMissing(t *testing.T) {
	found := func(string) (string, error) { return "/usr/local/bin/session-manager-plugin", nil }
	missing := func(string) (string, error) { return "", os.ErrNotExist }
	if PluginMissing(found) || !PluginMissing(missing) {
		t.Error("PluginMissing does not follow the lookup")
	}
}
