package reports

import "golang.org/x/sys/unix"

// exchangePaths swaps two paths atomically (renameat2 RENAME_EXCHANGE): at no
// moment is either name missing.
func exchangePaths(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
