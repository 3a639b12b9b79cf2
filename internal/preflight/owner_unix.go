//go:build unix

package preflight

import (
	"os"
	"syscall"
)

// trusted reports whether fi belongs to this user and is writable by no
// one else (group and others may not write).
func trusted(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) != os.Getuid() {
		return false
	}
	return fi.Mode().Perm()&0o022 == 0 && fi.Mode()&os.ModeSymlink == 0
}

// trustedPath judges the directory at path by its Lstat result.
func trustedPath(_ string, fi os.FileInfo) bool { return trusted(fi) }

// trustedFile judges an opened file by its Stat result.
func trustedFile(_ *os.File, fi os.FileInfo) bool { return trusted(fi) }

// openNoFollow opens a file for reading without following a symlink.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}
