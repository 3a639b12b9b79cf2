package output

import (
	"strings"

	"github.com/fatih/color"
)

// statusColors maps the status words records use to colours; the words are
// the same across tools so one table serves all of them.
var statusColors = map[string]color.Attribute{
	"pass": color.FgGreen, "valid": color.FgGreen, "allowed": color.FgGreen, "yes": color.FgGreen,
	"ok": color.FgGreen, "online": color.FgGreen, "ready": color.FgGreen,
	"fail": color.FgRed, "expired": color.FgRed, "missing": color.FgRed, "denied": color.FgRed,
	"explicit-deny": color.FgRed, "implicit-deny": color.FgRed, "no": color.FgRed, "error": color.FgRed,
	"connectionlost": color.FgRed, "inactive": color.FgRed, "not-ready": color.FgRed,
	"warn": color.FgYellow, "unknown": color.FgYellow,
	"skip": color.Faint,
}

// paint colours a cell whose trimmed text is a known status word.
func paint(cell, padded string) string {
	attr, ok := statusColors[strings.ToLower(strings.TrimSpace(cell))]
	if !ok {
		return padded
	}
	c := color.New(attr)
	c.EnableColor() // the caller decided colour is allowed; ignore fatih's global guess
	return c.Sprint(padded)
}
