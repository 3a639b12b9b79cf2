// Package moto runs moto_server (the Python AWS emulator) on a free loopback port
// and stops it, with every child process, when asked.
package moto

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options configures a moto server.
type Options struct {
	// Command is the moto_server executable; default "moto_server" from PATH.
	Command string
	// Log receives moto's own output; nil discards it (the last lines are kept for errors).
	Log io.Writer
	// ReadyTimeout bounds start-up; default 30s.
	ReadyTimeout time.Duration
}

// Server is a running moto_server.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT.
	URL string
	// PID is the process id of moto_server's process group leader.
	PID  int
	cmd  *exec.Cmd
	done chan struct{}
	once sync.Once
	tail *tailBuffer
	// release gives up the port's lock (claimPort).
	release func()
}

// Start launches moto_server on a free 127.0.0.1 port and waits until it answers.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Command == "" {
		opts.Command = "moto_server"
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 30 * time.Second
	}
	path, err := exec.LookPath(opts.Command)
	if err != nil {
		return nil, fmt.Errorf("moto_server not found on PATH: install it with pip install \"moto[server]\": %w", err)
	}
	var lastErr error
	// A port chosen free can be taken before moto binds it; try a few times.
	for attempt := 0; attempt < 3; attempt++ {
		s, err := start(ctx, path, opts)
		if err == nil {
			return s, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func start(ctx context.Context, path string, opts Options) (*Server, error) {
	port, release, err := claimPort()
	if err != nil {
		return nil, err
	}
	tail := &tailBuffer{max: 4096}
	var out io.Writer = tail
	if opts.Log != nil {
		out = io.MultiWriter(tail, opts.Log)
	}
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Env = Env(os.Environ())
	cmd.Stdout, cmd.Stderr = out, out
	// Own process group: the pyenv shim and Python children all die with it. Pdeathsig
	// kills moto if this process dies without Stop (a crashed test binary).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, done: make(chan struct{}), tail: tail, release: release}
	started := make(chan error, 1)
	go func() {
		// Pdeathsig fires when the forking OS thread exits, not the process
		// (golang/go#27505): keep that thread locked until moto has exited.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(s.done)
	}()
	if err := <-started; err != nil {
		release()
		return nil, fmt.Errorf("starting moto_server: %w", err)
	}
	s.PID = cmd.Process.Pid
	if err := s.waitReady(ctx, opts.ReadyTimeout); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Env returns the environment for moto_server: the caller's minus AWS and MOTO settings
// that would change its behaviour, plus AWS-managed IAM policies (AmazonSSMManagedInstanceCore...).
func Env(base []string) []string {
	out := make([]string, 0, len(base)+1)
	for _, kv := range base {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "MOTO_") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
}

func (s *Server) waitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/data.json", nil)
		if resp, err := client.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("moto_server exited during start-up: %s", s.tail.String())
		case <-ctx.Done():
			return fmt.Errorf("moto_server not ready after %s: %s", limit, s.tail.String())
		case <-tick.C:
		}
	}
}

// Stop terminates moto_server's whole process group and waits for it; safe to call twice.
func (s *Server) Stop() {
	s.once.Do(func() {
		_ = syscall.Kill(-s.PID, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(3 * time.Second):
		}
		// SIGKILL the group even after the leader exited: children may linger.
		_ = syscall.Kill(-s.PID, syscall.SIGKILL)
		<-s.done
		s.release()
	})
}

// Done is closed when moto_server has exited.
func (s *Server) Done() <-chan struct{} { return s.done }

// tailBuffer keeps the last max bytes of output for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(t.buf.String())
	if s == "" {
		return "no output"
	}
	return s
}
