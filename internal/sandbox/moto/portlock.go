package moto

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// errPortClaimed is a port another sandbox on this machine holds.
var errPortClaimed = errors.New("port claimed by another sandbox")

// claimPort picks a free loopback port and takes an exclusive lock named
// after it, held until release. Between freePort's check and moto binding
// the port, a sandbox in another test process can be handed the same port;
// without the lock its readiness poll is answered by our moto and two
// scenarios seed into one server (seen as "Duplicate UserName").
func claimPort() (int, func(), error) {
	for attempt := 0; attempt < 20; attempt++ {
		port, err := freePort()
		if err != nil {
			return 0, nil, err
		}
		release, err := lockPort(port)
		if errors.Is(err, errPortClaimed) {
			continue
		}
		if err != nil {
			return 0, nil, err
		}
		return port, release, nil
	}
	return 0, nil, fmt.Errorf("finding a free port: every port offered is %w", errPortClaimed)
}

// lockPort takes the machine-wide lock for port; the kernel drops it when
// this process dies, so a crashed test leaves no stale claim.
func lockPort(port int) (func(), error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("ssmkit-moto-port-%d.lock", port))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("locking port %d: %w", port, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errPortClaimed
		}
		return nil, fmt.Errorf("locking port %d: %w", port, err)
	}
	return func() { f.Close() }, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
