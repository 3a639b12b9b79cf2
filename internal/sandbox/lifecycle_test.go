package sandbox

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStartAndCloseLeaveNothingBehind(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env, err := Start(ctx, Options{Scenario: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	for _, u := range []string{env.URL, env.MotoURL} {
		if !strings.HasPrefix(u, "http://127.0.0.1:") {
			t.Errorf("%s is not on loopback", u)
		}
	}
	pid, dir, gw := env.MotoPID(), env.Dir, strings.TrimPrefix(env.URL, "http://")
	if _, err := os.Stat(env.Local.Config); err != nil {
		t.Errorf("local config not written: %v", err)
	}

	env.Close()
	env.Close() // idempotent
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("moto process group %d survives Close (kill 0: %v)", pid, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("sandbox dir %s survives Close", dir)
	}
	if c, err := net.DialTimeout("tcp", gw, time.Second); err == nil {
		c.Close()
		t.Errorf("gateway %s still accepts connections", gw)
	}
}

func TestStartUnknownScenarioStartsNothing(t *testing.T) {
	_, err := Start(context.Background(), Options{Scenario: "no-such-world"})
	if err == nil || !strings.Contains(err.Error(), "unknown scenario") {
		t.Fatalf("err = %v, want unknown scenario", err)
	}
}

func TestEnvironDropsRealCredentials(t *testing.T) {
	got := shared.Environ([]string{"PATH=/bin", "AWS_PROFILE=prod", "AWS_ACCESS_KEY_ID=AKIAREAL", "AWS_ENDPOINT_URL_S3=https://real", "HOME=/root"})
	joined := strings.Join(got, "\n")
	for _, bad := range []string{"AWS_PROFILE=prod", "AKIAREAL", "https://real", "HOME=/root"} {
		if strings.Contains(joined, bad) {
			t.Errorf("Environ kept %q", bad)
		}
	}
	if !strings.Contains(joined, "AWS_ENDPOINT_URL_SSO="+shared.URL) || !strings.Contains(joined, "AWS_ENDPOINT_URL_STS="+shared.URL) || !strings.Contains(joined, "PATH=/bin") {
		t.Errorf("Environ = %v", got)
	}
}
