package store

// SetImportHook lets tests act in the middle of an import transaction
// (cancel it, or get killed); nil removes the hook.
func SetImportHook(f func(n int)) { importHook = f }

// SetScoringHook lets tests act in the middle of SaveScoring's
// transaction; nil removes the hook.
func SetScoringHook(f func(n int)) { scoringHook = f }
