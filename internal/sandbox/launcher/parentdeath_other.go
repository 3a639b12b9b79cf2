//go:build !linux

package launcher

// stopWithParent is Linux-only (PR_SET_PDEATHSIG); elsewhere stop the launcher itself.
func stopWithParent() {}
