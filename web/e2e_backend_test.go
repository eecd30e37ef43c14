package web

import "testing"

// e2eBackend is the backend of the browser test.
func e2eBackend(t testing.TB) seeder { return newMem() }
