package main

import (
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress is the fleet run's progress bar on stderr, drawn only when
// stderr is a terminal (never into a log or a pipe). schollz/progressbar
// draws it: throttled redraws, terminal width, clearing when done.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(w io.Writer, total int, quiet bool) *progress {
	f, ok := w.(*os.File)
	if quiet || !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("checking targets"),
		progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(false))}
}

// done counts one target; safe for concurrent use.
func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Add(1)
	}
}

// finish clears the bar before the summary is written.
func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
