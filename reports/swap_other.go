//go:build !linux

package reports

import "errors"

// exchangePaths is not atomic outside Linux: swapInto moves the old folder
// aside instead.
func exchangePaths(a, b string) error { return errors.ErrUnsupported }
