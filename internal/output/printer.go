package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

// Record is what every printable ssmkit record implements. JSON and YAML come
// from encoding/json, so the struct's json tags are the documented fields.
type Record interface {
	// TableHeader names the columns of the table (wide adds columns).
	TableHeader(wide bool) []string
	// TableRow gives the cells, in TableHeader's order.
	TableRow(wide bool) []string
	// RecordName is what `-o name` prints.
	RecordName() string
}

// MarkdownRecord is a record with a report of its own for -o markdown
// (a section per record) instead of a row in one table.
type MarkdownRecord interface {
	Markdown() string
}

// Printer writes records in one format. Streaming formats write each record at
// once; tables are aligned, so they are written by Flush.
type Printer struct {
	w      io.Writer
	format Format
	color  bool
	header []string
	rows   [][]string
	count  int
}

// NewPrinter returns a printer for format on s (Default resolved by s.OutTTY).
func NewPrinter(s Streams, format Format) *Printer {
	return &Printer{w: s.Out, format: format.Resolve(s.OutTTY), color: s.Color}
}

// Format returns the resolved format.
func (p *Printer) Format() Format { return p.format }

// Print writes or buffers one record.
func (p *Printer) Print(r Record) error {
	p.count++
	switch p.format {
	case NDJSON:
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encoding record: %w", err)
		}
		_, err = fmt.Fprintf(p.w, "%s\n", b)
		return err
	case JSON:
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return fmt.Errorf("encoding record: %w", err)
		}
		_, err = fmt.Fprintf(p.w, "%s\n", b)
		return err
	case YAML:
		b, err := yaml.Marshal(r)
		if err != nil {
			return fmt.Errorf("encoding record: %w", err)
		}
		sep := ""
		if p.count > 1 {
			sep = "---\n"
		}
		_, err = fmt.Fprintf(p.w, "%s%s", sep, b)
		return err
	case Name:
		_, err := fmt.Fprintln(p.w, r.RecordName())
		return err
	case Markdown:
		if m, ok := r.(MarkdownRecord); ok {
			_, err := io.WriteString(p.w, m.Markdown())
			return err
		}
	}
	wide := p.format == Wide
	header := r.TableHeader(wide)
	if p.header != nil && !slices.Equal(p.header, header) {
		if err := p.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(p.w)
	}
	p.header = header
	p.rows = append(p.rows, r.TableRow(wide))
	return nil
}

// Flush writes buffered table rows.
func (p *Printer) Flush() error {
	if p.header == nil {
		return nil
	}
	var buf bytes.Buffer
	if p.format == Markdown {
		writeMarkdown(&buf, p.header, p.rows)
	} else {
		writeAligned(&buf, p.header, p.rows, p.color)
	}
	p.header, p.rows = nil, nil
	_, err := p.w.Write(buf.Bytes())
	return err
}

// writeAligned pads cells itself, because tabwriter would count colour escape
// codes as width.
func writeAligned(w *bytes.Buffer, header []string, rows [][]string, color bool) {
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i := range header {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell(row, i)))
		}
	}
	line := func(row []string, isHeader bool) {
		for i := range header {
			c := cell(row, i)
			padded := c
			if i < len(header)-1 {
				padded += strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2)
			}
			if color && !isHeader {
				padded = paint(c, padded)
			}
			w.WriteString(padded)
		}
		w.WriteString("\n")
	}
	upper := make([]string, len(header))
	for i, h := range header {
		upper[i] = strings.ToUpper(h)
	}
	line(upper, true)
	for _, row := range rows {
		line(row, false)
	}
}

func writeMarkdown(w *bytes.Buffer, header []string, rows [][]string) {
	esc := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	row := func(cells []string) {
		w.WriteString("|")
		for i := range header {
			w.WriteString(" " + esc(cell(cells, i)) + " |")
		}
		w.WriteString("\n")
	}
	row(header)
	w.WriteString("|" + strings.Repeat(" --- |", len(header)) + "\n")
	for _, r := range rows {
		row(r)
	}
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}
