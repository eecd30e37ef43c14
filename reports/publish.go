package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A report folder is built beside its target, in a hidden sibling, and
// swapped into place only when every file is written: a reader (or a web
// server publishing the folder) sees the previous report or the new one,
// never half of one, and a run killed with SIGKILL leaves the previous
// folder untouched. The sibling's name carries the writer's process id, so
// the next run can tell a dead run's leftovers from a live run's work and
// remove them.

// CompletionFile is written last into a finished report folder. A folder
// without it is not a report: WriteFolder refuses to replace a non-empty
// folder that lacks it (it may be anything the operator keeps there).
const CompletionFile = "report.json"

// Completion is the content of CompletionFile.
type Completion struct {
	Tool       string    `json:"tool"` // "zwgk"
	Cycle      string    `json:"cycle"`
	Framework  string    `json:"framework"`
	AsOf       string    `json:"as_of"`
	State      string    `json:"state"`
	Scorecards int       `json:"scorecards"`
	Files      int       `json:"files"`
	WrittenAt  time.Time `json:"written_at"`
	Private    bool      `json:"private"`
}

// ReadCompletion reads a report folder's CompletionFile; an error means the
// folder is not a finished report.
func ReadCompletion(dir string) (Completion, error) {
	var c Completion
	b, err := os.ReadFile(filepath.Join(dir, CompletionFile))
	if err != nil {
		return c, fmt.Errorf("%s is not a finished report folder: %w", dir, err)
	}
	if err := json.Unmarshal(b, &c); err != nil || c.Tool != "zwgk" {
		return c, fmt.Errorf("%s is not a finished report folder: bad %s", dir, CompletionFile)
	}
	return c, nil
}

// modes are the permissions of what a report writes.
type modes struct{ file, dir fs.FileMode }

// publicModes let a web server publish the folder (open data);
// privateModes keep it to its owner (--private).
var (
	publicModes  = modes{0o644, 0o755}
	privateModes = modes{0o600, 0o700}
)

const (
	buildMark = ".zwgk-build-" // hidden sibling being written
	oldMark   = ".zwgk-old-"   // previous folder on its way out
)

// siblingName is "."+base+mark+pid+"-"; os.MkdirTemp appends a random part.
func siblingPrefix(base, mark string) string {
	return "." + base + mark + strconv.Itoa(os.Getpid()) + "-"
}

// siblingPID is the process id in a sibling's name, or 0 when name is not
// one of base's siblings of that mark.
func siblingPID(name, base, mark string) int {
	rest, ok := strings.CutPrefix(name, "."+base+mark)
	if !ok {
		return 0
	}
	pid, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// alive reports whether a process of that id runs (or cannot be signalled:
// another user's, so not ours to clean up after).
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// cleanStale removes what dead runs left beside target: build folders, and
// old folders, except that an old folder is put back when the target is
// missing (the run died between moving the old folder out and the new one
// in, on systems without an atomic exchange).
func cleanStale(target string) error {
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, err := os.ReadDir(parent)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("report folder: %w", err)
	}
	for _, e := range entries {
		for _, mark := range []string{buildMark, oldMark} {
			pid := siblingPID(e.Name(), base, mark)
			if pid == 0 || alive(pid) {
				continue
			}
			p := filepath.Join(parent, e.Name())
			if mark == oldMark {
				if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
					if err := os.Rename(p, target); err == nil {
						continue
					}
				}
			}
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("report folder: remove what an interrupted run left: %w", err)
			}
		}
	}
	return nil
}

// checkReplaceable refuses a target that exists and is neither an empty
// folder nor a finished report.
func checkReplaceable(target string) (exists bool, err error) {
	st, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("report folder: %w", err)
	}
	if !st.IsDir() {
		return false, fmt.Errorf("report folder: %s exists and is not a folder", target)
	}
	f, err := os.Open(target)
	if err != nil {
		return false, fmt.Errorf("report folder: %w", err)
	}
	names, err := f.Readdirnames(1)
	f.Close()
	if err != nil && err != io.EOF {
		return false, fmt.Errorf("report folder: %w", err)
	}
	if len(names) == 0 {
		return true, nil
	}
	if _, err := ReadCompletion(target); err != nil {
		return false, fmt.Errorf("report folder: %s exists and is not a zwgk report (no %s); choose another --out or empty it", target, CompletionFile)
	}
	return true, nil
}

// swapInto puts the finished build folder at target. An existing target is
// exchanged atomically where the system allows it (Linux renameat2), else
// moved aside first; the previous folder is then removed.
func swapInto(build, target string, exists bool, m modes) error {
	if err := os.Chmod(build, m.dir); err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	if !exists {
		if err := os.Rename(build, target); err != nil {
			return fmt.Errorf("report folder: move into place: %w", err)
		}
		return nil
	}
	if err := exchangePaths(build, target); err == nil {
		// build now holds the previous folder.
		if err := os.RemoveAll(build); err != nil {
			return fmt.Errorf("report folder: remove the previous folder: %w", err)
		}
		return nil
	}
	old, err := os.MkdirTemp(filepath.Dir(target), siblingPrefix(filepath.Base(target), oldMark))
	if err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	if err := os.Remove(old); err != nil { // a name to rename to
		return fmt.Errorf("report folder: %w", err)
	}
	if err := os.Rename(target, old); err != nil {
		return fmt.Errorf("report folder: move the previous folder aside: %w", err)
	}
	if err := os.Rename(build, target); err != nil {
		_ = os.Rename(old, target)
		return fmt.Errorf("report folder: move into place: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("report folder: remove the previous folder: %w", err)
	}
	return nil
}

// linkPrevious fills a build folder with the previous report's scorecards
// and evidence files (hard links, else copies), for a run limited to some
// agencies (--agency): the others keep their files.
func linkPrevious(prev, build string, m modes) error {
	for _, sub := range []string{"scorecards", "evidence"} {
		entries, err := os.ReadDir(filepath.Join(prev, sub))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("report folder: %w", err)
		}
		for _, e := range entries {
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			from, to := filepath.Join(prev, sub, e.Name()), filepath.Join(build, sub, e.Name())
			if err := os.Link(from, to); err == nil {
				if err := os.Chmod(to, m.file); err != nil {
					return fmt.Errorf("report folder: %w", err)
				}
				continue
			}
			if err := copyFile(from, to, m.file); err != nil {
				return fmt.Errorf("report folder: keep %s/%s: %w", sub, e.Name(), err)
			}
		}
	}
	return nil
}

func copyFile(from, to string, mode fs.FileMode) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
