package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"zwgk/store"
	"zwgk/web"
)

func init() {
	register("", &Command{Name: "user", Summary: "manage portal users"})
	register("user", &Command{
		Name:    "add",
		Usage:   "NAME --role admin|assessor|agency|leader [--agency CODE,...] [--password-stdin]",
		Summary: "create a portal user (prints a generated password unless --password-stdin)",
		Help: `Roles: admin (users, cycles, publication), assessor (reviews findings, decides
appeals), agency (its own agencies' scorecards and appeals; needs --agency),
leader (read-only: published rankings, regions, trends).

Without --password-stdin a random password is generated and printed once.
With it, the first line of standard input is the password (10 to 72 bytes).`,
		Run: runUserAdd,
	})
	register("user", &Command{
		Name:    "list",
		Summary: "list portal users and their roles",
		Run:     runUserList,
	})
	register("user", &Command{
		Name:    "passwd",
		Usage:   "NAME [--password-stdin]",
		Summary: "reset a user's password (prints a generated one unless --password-stdin); ends its sessions",
		Run:     runUserPasswd,
	})
	register("user", &Command{
		Name:    "disable",
		Usage:   "NAME",
		Summary: "disable a user: no more logins, its sessions end; history kept",
		Run:     func(ctx context.Context, env *Env, args []string) error { return runUserDisable(ctx, env, args, true) },
	})
	register("user", &Command{
		Name:    "enable",
		Usage:   "NAME",
		Summary: "enable a disabled user again",
		Run:     func(ctx context.Context, env *Env, args []string) error { return runUserDisable(ctx, env, args, false) },
	})
}

// stdin is the password source; tests replace it.
var stdin io.Reader = os.Stdin

func runUserAdd(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	role := fs.String("role", "", "admin, assessor, agency or leader")
	agencies := fs.String("agency", "", "agency codes an agency user speaks for, comma-separated")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one user name")
	}
	name := strings.TrimSpace(pos[0])
	if name == "" || utf8.RuneCountInString(name) > 100 || strings.ContainsAny(name, " \t\r\n") {
		return usagef("user name %q: 1 to 100 characters, no spaces", pos[0])
	}
	r := web.Role(*role)
	if !r.Valid() {
		return usagef("--role %q: want admin, assessor, agency or leader", *role)
	}
	var codes []string
	for _, c := range strings.Split(*agencies, ",") {
		if c = strings.TrimSpace(c); c != "" {
			codes = append(codes, c)
		}
	}
	switch {
	case r == web.RoleAgency && len(codes) == 0:
		return usagef("an agency user needs --agency CODE")
	case r != web.RoleAgency && len(codes) > 0:
		return usagef("--agency is only for --role agency")
	}
	pw, generated, err := readPassword(*fromStdin)
	if err != nil {
		return err
	}
	hash, err := web.HashPassword(pw)
	if err != nil {
		return err
	}

	st, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, c := range codes {
		if _, err := st.Agency(ctx, c); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("agency %s is not imported (zwgk agencies import)", c)
			}
			return err
		}
	}
	if _, err := st.CreateUser(ctx, store.User{Name: name, Role: string(r), PasswordHash: hash, Agencies: codes}); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("user %s exists already: 'zwgk user passwd %s' resets its password, 'zwgk user list' shows the users", name, name)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s (%s) created\n", name, r)
	if generated {
		fmt.Fprintf(env.Stdout, "password: %s\n", pw)
	}
	return nil
}

func runUserList(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	us, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		fmt.Fprintln(env.Stderr, "no users yet: 'zwgk user add NAME --role admin' creates the first (see 'zwgk user add --help')")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tAGENCIES\tSTATE")
	for _, u := range us {
		state := "enabled"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, strings.Join(u.Agencies, ","), state)
	}
	return tw.Flush()
}

// readPassword reads a password from the first line of stdin, or
// generates one (then printed once by the caller).
func readPassword(fromStdin bool) (pw string, generated bool, err error) {
	if !fromStdin {
		return web.GeneratePassword(), true, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password: %w", err)
	}
	pw = strings.TrimRight(line, "\r\n")
	if len(pw) < 10 || len(pw) > 72 {
		return "", false, fmt.Errorf("password must be 10 to 72 bytes, got %d", len(pw))
	}
	return pw, false, nil
}

// oneUser parses a command taking one user name and opens the database.
func oneUser(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) (*store.DB, store.User, error) {
	pos, err := env.Parse(fs, args)
	if err != nil {
		return nil, store.User{}, err
	}
	if len(pos) != 1 {
		return nil, store.User{}, usagef("want one user name")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return nil, store.User{}, err
	}
	u, err := st.User(ctx, pos[0])
	if errors.Is(err, store.ErrNotFound) {
		st.Close()
		return nil, u, fmt.Errorf("no user %s in database %s ('zwgk user list' lists them)", pos[0], env.dbName())
	}
	if err != nil {
		st.Close()
		return nil, u, err
	}
	return st, u, nil
}

func runUserPasswd(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input")
	st, u, err := oneUser(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	pw, generated, err := readPassword(*fromStdin)
	if err != nil {
		return err
	}
	hash, err := web.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, u.Name, hash); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s: password changed; its sessions have ended\n", u.Name)
	if generated {
		fmt.Fprintf(env.Stdout, "password: %s\n", pw)
	}
	if u.Disabled {
		fmt.Fprintf(env.Stdout, "user %s is still disabled: 'zwgk user enable %s' lets it log in\n", u.Name, u.Name)
	}
	return nil
}

func runUserDisable(ctx context.Context, env *Env, args []string, disable bool) error {
	st, u, err := oneUser(ctx, env, env.Flags(), args)
	if err != nil {
		return err
	}
	defer st.Close()
	switch {
	case disable && u.Disabled:
		fmt.Fprintf(env.Stdout, "user %s is disabled already\n", u.Name)
		return nil
	case !disable && !u.Disabled:
		fmt.Fprintf(env.Stdout, "user %s is enabled already\n", u.Name)
		return nil
	}
	if err := st.SetUserDisabled(ctx, u.Name, disable); err != nil {
		return err
	}
	if disable {
		fmt.Fprintf(env.Stdout, "user %s disabled: it cannot log in and its sessions have ended\n", u.Name)
	} else {
		fmt.Fprintf(env.Stdout, "user %s enabled\n", u.Name)
	}
	return nil
}
