// Command zwgk assesses how open government agencies are: it imports
// agencies, runs assessment cycles (crawl, score, review, publish), writes
// reports and serves the portal.
//
// This package only parses flags and wires packages together; business
// logic lives in the packages it calls. Each subcommand has a file of its
// own and registers itself in init with register.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"sort"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"zwgk/store"
)

// Command is a node of the command tree. Leaves have Run; inner nodes have
// sub-commands and print their help when called bare.
type Command struct {
	Name    string // last word, e.g. "import"
	Usage   string // arguments after the path, e.g. "FILE"
	Summary string // one line
	Help    string // longer text for --help
	// Run executes the command. fs is a flag set named after the command's
	// path; Run defines its flags on it and calls parse.
	Run func(ctx context.Context, env *Env, args []string) error
	sub map[string]*Command
}

// Env is what every command gets: the global options and the streams.
type Env struct {
	DB     string // --db or ZWGK_DB; default zwgk.db
	As     string // --as: the operator named in the audit log; default the OS user
	Stdout io.Writer
	Stderr io.Writer
	Path   string // command path, e.g. "zwgk agencies import"
	cmd    *Command
}

// UsageError marks an error in how the command was called: exit code 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

var root = &Command{
	Name:    "zwgk",
	Summary: "third-party assessment of government-affairs openness (政务公开第三方评估)",
	Help: `Global options (before or after the command):
  --db DSN   database: a SQLite file (default zwgk.db in the working folder)
             or postgres://user@host/db ; also from ZWGK_DB
  --as NAME  operator recorded in the audit log (default: the OS user)

Exit status: 0 success, 1 failure (including an interrupted run), 2 usage error.`,
}

// register adds c under the command path parent (e.g. "agencies"; "" for
// the top level), creating inner nodes as needed.
func register(parent string, c *Command) {
	node := root
	for _, w := range strings.Fields(parent) {
		if node.sub == nil {
			node.sub = map[string]*Command{}
		}
		next, ok := node.sub[w]
		if !ok {
			next = &Command{Name: w}
			node.sub[w] = next
		}
		node = next
	}
	if node.sub == nil {
		node.sub = map[string]*Command{}
	}
	if old, ok := node.sub[c.Name]; ok {
		// An inner node created before its summary was registered.
		c.sub = old.sub
	}
	node.sub[c.Name] = c
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first Ctrl-C the command winds down (and says what it
	// left); a second one kills it at once, as users expect.
	go func() { <-ctx.Done(); stop() }()
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs the command line args and returns the exit code: 0 success,
// 1 failure, 2 usage error.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	env := &Env{DB: os.Getenv("ZWGK_DB"), Stdout: stdout, Stderr: stderr}
	if env.DB == "" {
		env.DB = "zwgk.db"
	}
	// Global flags may stand before or after the command words.
	args, err := globalFlags(env, args)
	if err != nil {
		fmt.Fprintf(stderr, "zwgk: %v\n\n", err)
		printHelp(stderr, "zwgk", root)
		return 2
	}
	if env.As == "" {
		env.As = osUser()
	}
	node, path := root, "zwgk"
	for len(args) > 0 && node.sub != nil {
		next, ok := node.sub[args[0]]
		if !ok {
			break
		}
		node, path, args = next, path+" "+args[0], args[1:]
	}
	env.Path, env.cmd = path, node
	if node.Run == nil {
		switch {
		case len(args) > 0 && isHelp(args[0]):
			printHelp(stdout, path, node)
			return 0
		case len(args) > 0 && strings.HasPrefix(args[0], "-"):
			fmt.Fprintf(stderr, "%s: unknown option %s\n\n", path, args[0])
		case len(args) > 0:
			fmt.Fprintf(stderr, "%s: unknown command %q\n\n", path, args[0])
		default:
			fmt.Fprintf(stderr, "%s: a command is missing\n\n", path)
		}
		printHelp(stderr, path, node)
		return 2
	}
	// Everything the command does to the store is audited under the
	// operator's name.
	err = node.Run(store.WithActor(ctx, env.As), env, args)
	var ue *UsageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %v\n", path, err)
		fmt.Fprintf(stderr, "usage: %s %s (see --help)\n", path, node.Usage)
		return 2
	default:
		fmt.Fprintf(stderr, "%s: %v\n", path, err)
		return 1
	}
}

// globalFlags takes --db and --as out of args wherever they stand (up to a
// "--"), so `zwgk --db x cycle list` and `zwgk cycle list --db x` agree.
// No command defines flags of those names.
func globalFlags(env *Env, args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "---") || (name != "db" && name != "as") {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag needs an argument: %s", a)
			}
			i++
			value = args[i]
		}
		switch name {
		case "db":
			if value == "" {
				return nil, errors.New("--db: empty database name")
			}
			env.DB = value
		case "as":
			value = strings.TrimSpace(value)
			if value == "" || strings.ContainsFunc(value, unicode.IsControl) || utf8.RuneCountInString(value) > 100 {
				return nil, fmt.Errorf("--as %q: an operator name of 1 to 100 printable characters", value)
			}
			env.As = value
		}
	}
	return rest, nil
}

// osUser names the operator when --as is not given: the login name, so
// the audit log says who ran a command rather than "system".
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "LOGNAME", "USERNAME"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return "cli"
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" || s == "help" }

func printHelp(w io.Writer, path string, c *Command) {
	if c.Summary != "" {
		fmt.Fprintf(w, "%s — %s\n\n", path, c.Summary)
	}
	fmt.Fprintf(w, "usage: %s", path)
	if c.Run == nil {
		fmt.Fprintf(w, " COMMAND [options]\n")
	} else {
		fmt.Fprintf(w, " [options] %s\n", c.Usage)
	}
	if c.Help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(c.Help, "\n"))
	}
	if len(c.sub) > 0 {
		fmt.Fprintf(w, "\ncommands:\n")
		names := make([]string, 0, len(c.sub))
		for n := range c.sub {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "  %-12s %s\n", n, c.sub[n].Summary)
		}
		fmt.Fprintf(w, "\nRun '%s COMMAND --help' for a command's options.\n", path)
	}
}

// Flags returns a flag set for the running command; Parse prints the
// command's help on --help and reports parse errors as usage errors.
func (env *Env) Flags() *flag.FlagSet {
	fs := flag.NewFlagSet(env.Path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on --help and on every parse error;
	// Parse prints the help itself, once, and only when asked for.
	fs.Usage = func() {}
	return fs
}

// printUsage prints the command's help and fs's options to stdout.
func (env *Env) printUsage(fs *flag.FlagSet) {
	printHelp(env.Stdout, env.Path, env.cmd)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(env.Stdout, "\noptions:")
	fs.SetOutput(env.Stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// Parse parses args with fs, allowing flags after positional arguments
// (zwgk cycle create NAME --framework ID), and wraps parse errors as usage
// errors.
func (env *Env) Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				env.printUsage(fs)
				return nil, flag.ErrHelp
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return pos, nil
}
