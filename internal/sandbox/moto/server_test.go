package moto

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// requireMoto fails (never skips) when moto_server is missing.
func requireMoto(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("moto_server"); err != nil {
		t.Fatalf("moto_server is required: pip install \"moto[server]\"")
	}
}

func TestStartServesAndStopLeavesNoProcess(t *testing.T) {
	requireMoto(t)
	s, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	u, err := url.Parse(s.URL)
	if err != nil || u.Hostname() != "127.0.0.1" {
		t.Fatalf("URL %q is not on 127.0.0.1", s.URL)
	}
	resp, err := http.Get(s.URL + "/moto-api/data.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("moto answered %d", resp.StatusCode)
	}
	addrs := listeningAddrs(t, u.Port())
	if len(addrs) == 0 {
		t.Errorf("no listening socket found for port %s", u.Port())
	}
	for _, a := range addrs {
		if a != "127.0.0.1" {
			t.Errorf("port %s listens on %s, want only 127.0.0.1", u.Port(), a)
		}
	}

	s.Stop()
	s.Stop() // idempotent
	if err := syscall.Kill(-s.PID, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still exists after Stop (kill 0: %v)", s.PID, err)
	}
	if _, err := http.Get(s.URL + "/moto-api/data.json"); err == nil {
		t.Error("moto still answers after Stop")
	}
}

func TestStartMissingBinaryNamesTheFix(t *testing.T) {
	_, err := Start(context.Background(), Options{Command: "moto_server_does_not_exist"})
	if err == nil || !strings.Contains(err.Error(), `pip install "moto[server]"`) {
		t.Fatalf("error = %v, want the pip install hint", err)
	}
}

func TestEnvDropsAWSAndMotoSettings(t *testing.T) {
	got := Env([]string{"PATH=/bin", "AWS_PROFILE=prod", "MOTO_ACCOUNT_ID=1", "HOME=/h"})
	want := "PATH=/bin HOME=/h MOTO_IAM_LOAD_MANAGED_POLICIES=true"
	if strings.Join(got, " ") != want {
		t.Errorf("Env = %v, want %s", got, want)
	}
}
