package launcher

import (
	"os"
	"syscall"
)

// stopWithParent asks the kernel to send this process SIGTERM when its parent exits.
// `go run` does not forward SIGTERM to the program it runs: without this, killing the go
// command would orphan the sandbox and moto for good. A sandbox never outlives its starter.
func stopWithParent() {
	parent := os.Getppid()
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0); errno != 0 {
		return
	}
	if os.Getppid() != parent { // the parent died before the request took effect
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}
}
