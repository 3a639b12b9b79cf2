package output

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestColorOut: without colour stdout is the file itself; with colour on a
// non-Windows system (or a non-console file) go-colorable hands the file back
// too, so the escape sequences reach it byte for byte.
func TestColorOut(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w := colorOut(f, false); w != f {
		t.Errorf("without colour: %T, want the file", w)
	}
	w := colorOut(f, true)
	if runtime.GOOS != "windows" && w != f {
		t.Errorf("with colour on %s: %T, want the file", runtime.GOOS, w)
	}
	const red = "\x1b[31mfail\x1b[0m\n"
	if _, err := w.Write([]byte(red)); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(f.Name()); err != nil || string(b) != red {
		t.Errorf("wrote %q, %v; want %q", b, err, red)
	}
}
