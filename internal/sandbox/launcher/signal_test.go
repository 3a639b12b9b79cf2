package launcher

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets this test binary act as the ssm-sandbox process itself (real signal
// handling, real process exit) when re-executed by TestSignalsStopEverything.
func TestMain(m *testing.M) {
	if os.Getenv("SSM_SANDBOX_LAUNCHER_CHILD") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// A launcher stopped by SIGINT or SIGTERM exits 0 and removes moto and its files; one
// killed outright (a crashed test binary) still takes moto down (Pdeathsig).
func TestSignalsStopEverything(t *testing.T) {
	if _, err := exec.LookPath("moto_server"); err != nil {
		t.Fatalf("moto_server is required: pip install \"moto[server]\"")
	}
	tests := []struct {
		name     string
		sig      syscall.Signal
		wantCode int
		// viaParent starts the launcher under a shell and signals the shell, as `kill` on
		// `go run` does (go run does not forward SIGTERM): the launcher must still clean up.
		viaParent bool
	}{
		{"SIGINT", syscall.SIGINT, 0, false},
		{"SIGTERM", syscall.SIGTERM, 0, false},
		{"SIGKILL", syscall.SIGKILL, -1, false},
		{"parent killed", syscall.SIGKILL, -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "--scenario", "abac")
			if tt.viaParent {
				cmd = exec.Command("sh", "-c", `"$0" "$@" & wait`, os.Args[0], "--scenario", "abac")
			}
			cmd.Env = append(os.Environ(), "SSM_SANDBOX_LAUNCHER_CHILD=1")
			// A launcher that outlives its shell keeps stderr open: fail instead of hanging.
			cmd.WaitDelay = time.Minute
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			home := ""
			sc := bufio.NewScanner(stdout)
			for sc.Scan() && sc.Text() != "ready" {
				if v, ok := strings.CutPrefix(sc.Text(), "export HOME="); ok {
					home = strings.Trim(v, "'")
				}
			}
			if home == "" {
				_ = cmd.Wait()
				t.Fatalf("no export HOME before ready; stderr: %s", stderr.String())
			}
			launcher := cmd.Process.Pid
			if tt.viaParent {
				launcher = children(cmd.Process.Pid)[0]
			}
			motoPGID := childProcessGroup(t, launcher)
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			waitGroupGone(t, motoPGID)
			if tt.viaParent {
				waitGone(t, launcher)
			}
			if tt.sig != syscall.SIGKILL || tt.viaParent {
				if _, err := os.Stat(filepath.Dir(home)); !os.IsNotExist(err) {
					t.Errorf("sandbox dir %s survives %s", filepath.Dir(home), tt.sig)
				}
			} else {
				_ = os.RemoveAll(filepath.Dir(home)) // a killed launcher cannot clean up
			}
		})
	}
}

// children lists the pids of a process's children.
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, f := range tasks {
		raw, _ := os.ReadFile(f)
		for _, field := range strings.Fields(string(raw)) {
			child, _ := strconv.Atoi(field)
			out = append(out, child)
		}
	}
	return out
}

// childProcessGroup finds the launcher's child that leads its own process group: moto.
func childProcessGroup(t *testing.T, pid int) int {
	t.Helper()
	for _, child := range children(pid) {
		if pgid, err := syscall.Getpgid(child); err == nil && pgid == child {
			return child
		}
	}
	t.Fatalf("no moto process group under launcher %d", pid)
	return 0
}

// waitGroupGone waits until no live (non-zombie) process is left in the group: the kernel
// delivers Pdeathsig and SIGKILL asynchronously. The minute is a hang guard, not a speed check.
func waitGroupGone(t *testing.T, pgid int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if live := liveInGroup(pgid); len(live) == 0 {
			return
		}
	}
	t.Errorf("processes %v of moto's group %d survive the launcher", liveInGroup(pgid), pgid)
}

// waitGone waits until process pid has exited (or is a zombie awaiting its reaper).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if end := strings.LastIndex(string(raw), ") "); err != nil || (end > 0 && strings.HasPrefix(string(raw)[end+2:], "Z")) {
			return
		}
	}
	t.Errorf("launcher %d survives its parent", pid)
}

// liveInGroup lists the pids of non-zombie processes in process group pgid.
func liveInGroup(pgid int) []int {
	var live []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid pgrp ...
		end := strings.LastIndex(string(raw), ") ")
		fields := strings.Fields(string(raw)[end+1:])
		if end < 0 || len(fields) < 3 || fields[0] == "Z" || fields[2] != strconv.Itoa(pgid) {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		live = append(live, pid)
	}
	return live
}
