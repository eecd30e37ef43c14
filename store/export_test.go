package store

// SetImportHook lets tests act in the middle of an import transaction
// (cancel it, or get killed); nil removes the hook.
func SetImportHook(f func(n int)) { importHook = f }
