package output

// Dash is the table cell for a value that is not set: "-" rather than a
// blank that would shift the eye to the next column.
func Dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
