//go:build !unix && !windows

package preflight

import "os"

// Where ownership can be checked neither the Unix nor the Windows way the
// cache is never read, and every pre-flight asks AWS.
func trustedPath(string, os.FileInfo) bool { return false }

func trustedFile(*os.File, os.FileInfo) bool { return false }

func openNoFollow(string) (*os.File, error) { return nil, errUntrusted }
