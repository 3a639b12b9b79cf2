package moto

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// listeningAddrs reads /proc/net/tcp{,6} for sockets listening on port, as dotted IPv4 or "ipv6".
func listeningAddrs(t *testing.T, port string) []string {
	t.Helper()
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(":%04X", p)
	var out []string
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || fields[3] != "0A" || !strings.HasSuffix(fields[1], want) {
				continue
			}
			hex := strings.TrimSuffix(fields[1], want)
			if len(hex) != 8 {
				out = append(out, "ipv6")
				continue
			}
			v, _ := strconv.ParseUint(hex, 16, 32)
			out = append(out, fmt.Sprintf("%d.%d.%d.%d", v&0xff, v>>8&0xff, v>>16&0xff, v>>24))
		}
		f.Close()
	}
	return out
}
