package sshconfig

import (
	"errors"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as ~/.ssh/config: never a panic, and every
// host found has a position.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("Host i-* mi-*\n  ProxyCommand sh -c \"aws ssm start-session --target %h\"\n"))
	f.Add([]byte("Include nothing/*\nHost=a b\n\tUser \"x y\"\nMatch all\n"))
	f.Add([]byte("Host\n=\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Reader{Home: "/nonexistent-home", ReadFile: func(p string) ([]byte, error) {
			if p == "/cfg" {
				return data, nil
			}
			return nil, errors.New("no such file")
		}}
		hs, err := r.Load("/cfg")
		if err != nil {
			return
		}
		for _, h := range hs {
			if h.Line < 1 || h.File == "" {
				t.Fatalf("host %q without a position", h.Name())
			}
		}
	})
}
