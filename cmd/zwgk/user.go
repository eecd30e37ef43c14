package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
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
	pw, generated := "", false
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if len(pw) < 10 || len(pw) > 72 {
			return fmt.Errorf("password must be 10 to 72 bytes, got %d", len(pw))
		}
	} else {
		pw, generated = web.GeneratePassword(), true
	}
	hash, err := web.HashPassword(pw)
	if err != nil {
		return err
	}

	st, err := store.Open(ctx, env.DB)
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
	if _, err := st.CreateUser(store.WithActor(ctx, "cli"), store.User{Name: name, Role: string(r), PasswordHash: hash, Agencies: codes}); err != nil {
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
	if _, err := env.Parse(fs, args); err != nil {
		return err
	}
	st, err := store.Open(ctx, env.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	us, err := st.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range us {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", u.Name, u.Role, strings.Join(u.Agencies, ","))
	}
	return nil
}
