package moto

import (
	"errors"
	"testing"
)

// A port one sandbox has claimed is refused to the next until released, so
// two sandboxes never share one moto_server.
func TestAClaimedPortIsNotHandedOutTwice(t *testing.T) {
	port, release, err := claimPort()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockPort(port); !errors.Is(err, errPortClaimed) {
		t.Fatalf("second claim of port %d: %v, want %v", port, err, errPortClaimed)
	}
	release()
	again, err := lockPort(port)
	if err != nil {
		t.Fatalf("port %d after release: %v", port, err)
	}
	again()
}
