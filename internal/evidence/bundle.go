// Package evidence writes and reads the evidence bundle of --evidence DIR:
// the AWS answers a run relied on (secrets removed), the records it printed
// (findings.ndjson), the findings report (report.md), and index.json naming
// the tool, its version, the arguments to replay, a sha256 per file and which
// answers back which finding. --from-evidence DIR refuses a bundle from
// another version or with a changed, missing or added file.
package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// File names inside a bundle.
const (
	IndexFile    = "index.json"
	FindingsFile = "findings.ndjson"
	ReportFile   = "report.md"
	ResponsesDir = "responses"
)

// Index is index.json.
type Index struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Args are the run's arguments without the evidence and output flags:
	// what --from-evidence runs again.
	Args []string `json:"args"`
	// Profiles maps each profile the run used to its region: replay defines
	// them with placeholder keys (no credentials are ever recorded).
	Profiles map[string]string `json:"profiles"`
	Files    []File            `json:"files"`
	Findings []Finding         `json:"findings"`
}

// File is one file of the bundle and its checksum.
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Finding is one printed record and the answers that back it.
type Finding struct {
	// Line is the record's line in findings.ndjson (1-based).
	Line    int      `json:"line"`
	Summary string   `json:"summary"`
	Files   []string `json:"files"`
}

// Record is one record the run printed, for findings.ndjson and the index.
type Record struct {
	JSON    []byte
	Summary string
	// Needles are the identifiers (instance id, role name, key ARN) whose
	// appearance in a recorded call ties the call to this record.
	Needles []string
}

// Extra is another file the bundle keeps, checksummed like the rest (the
// records piped into the run, which replay feeds to it again).
type Extra struct {
	Name string
	Data []byte
}

// InputFile holds the records the recorded run read on stdin.
const InputFile = "input.ndjson"

// Write creates the bundle in dir (created if missing; it must hold no
// earlier bundle's files).
func Write(dir string, ix Index, ex []awsclient.Exchange, recs []Record, report string, extra ...Extra) error {
	if err := os.MkdirAll(filepath.Join(dir, ResponsesDir), 0o755); err != nil {
		return exitcode.New(exitcode.Usage, "--evidence %s: %v", dir, err)
	}
	if old, _ := filepath.Glob(filepath.Join(dir, ResponsesDir, "*.json")); len(old) > 0 {
		return exitcode.New(exitcode.Usage, "--evidence %s already holds a bundle: name an empty or new directory", dir)
	}
	write := func(name string, data []byte) error {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return exitcode.New(exitcode.Unknown, "--evidence: writing %s: %v", name, err)
		}
		sum := sha256.Sum256(data)
		ix.Files = append(ix.Files, File{Name: name, SHA256: hex.EncodeToString(sum[:])})
		return nil
	}
	bodies := map[string]string{}
	for i, e := range ex {
		name := fmt.Sprintf("%s/%03d-%s-%s.json", ResponsesDir, i+1, safeName(e.Service), safeName(e.Operation))
		data, err := json.MarshalIndent(e, "", "  ")
		if err != nil {
			return err
		}
		if err := write(name, append(data, '\n')); err != nil {
			return err
		}
		bodies[name] = string(e.Params) + "\n" + e.Body
	}
	var nd []byte
	for i, r := range recs {
		nd = append(append(nd, r.JSON...), '\n')
		f := Finding{Line: i + 1, Summary: r.Summary, Files: []string{}}
		for _, file := range ix.Files {
			if backs(bodies[file.Name], r.Needles) {
				f.Files = append(f.Files, file.Name)
			}
		}
		ix.Findings = append(ix.Findings, f)
	}
	if err := write(FindingsFile, nd); err != nil {
		return err
	}
	if err := write(ReportFile, []byte(report)); err != nil {
		return err
	}
	for _, e := range extra {
		if err := write(e.Name, e.Data); err != nil {
			return err
		}
	}
	data, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), append(data, '\n'), 0o644); err != nil {
		return exitcode.New(exitcode.Unknown, "--evidence: writing %s: %v", IndexFile, err)
	}
	return nil
}

func backs(body string, needles []string) bool {
	for _, n := range needles {
		if n != "" && strings.Contains(body, n) {
			return true
		}
	}
	return false
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func safeName(s string) string { return strings.Trim(unsafe.ReplaceAllString(s, "-"), "-") }

// Bundle is a verified bundle, ready to replay.
type Bundle struct {
	Index
	Exchanges []awsclient.Exchange
}

// Open reads and verifies the bundle in dir for tool at version: every file
// the index lists must be there unchanged, and no response may be added.
func Open(dir, tool, version string) (Bundle, error) {
	bad := func(format string, a ...any) error {
		return exitcode.New(exitcode.Usage, "--from-evidence %s: "+format, append([]any{dir}, a...)...)
	}
	data, err := os.ReadFile(filepath.Join(dir, IndexFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Bundle{}, bad("no %s: not an evidence bundle (write one with --evidence DIR)", IndexFile)
		}
		return Bundle{}, bad("%v", err)
	}
	var b Bundle
	if err := json.Unmarshal(data, &b.Index); err != nil {
		return Bundle{}, bad("%s is not valid JSON: the bundle was changed or truncated", IndexFile)
	}
	if b.Tool != tool {
		return Bundle{}, bad("written by %s, not %s: replay it with %s --from-evidence", b.Tool, tool, b.Tool)
	}
	if b.Version != version {
		return Bundle{}, bad("written by %s %s; this is %s: replay it with version %s", b.Tool, b.Version, version, b.Version)
	}
	listed := map[string]bool{}
	for _, f := range b.Files {
		if strings.Contains(f.Name, "..") || filepath.IsAbs(f.Name) {
			return Bundle{}, bad("%s names a file outside the bundle: %s", IndexFile, f.Name)
		}
		listed[f.Name] = true
		content, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			return Bundle{}, bad("%s is missing: the bundle is incomplete", f.Name)
		}
		sum := sha256.Sum256(content)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			return Bundle{}, bad("%s was changed after the bundle was written (sha256 mismatch): refusing to replay it", f.Name)
		}
		if strings.HasPrefix(f.Name, ResponsesDir+"/") {
			var e awsclient.Exchange
			if err := json.Unmarshal(content, &e); err != nil {
				return Bundle{}, bad("%s: %v", f.Name, err)
			}
			b.Exchanges = append(b.Exchanges, e)
		}
	}
	extra, _ := filepath.Glob(filepath.Join(dir, ResponsesDir, "*"))
	sort.Strings(extra)
	for _, p := range extra {
		name := ResponsesDir + "/" + filepath.Base(p)
		if !listed[name] {
			return Bundle{}, bad("%s is not in %s: a file was added after the bundle was written", name, IndexFile)
		}
	}
	return b, nil
}
