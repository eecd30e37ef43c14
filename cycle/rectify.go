package cycle

import (
	"context"
	"fmt"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/store"
)

// Rectification is what became of the problems of a cycle's previous
// cycle (整改跟踪), with the agencies' claims and the assessors'
// re-checks made in between.
type Rectification struct {
	Previous zwgk.Cycle
	Items    []zwgk.RectItem
	Summary  map[string]zwgk.RectSummary
	// Claims and Rechecks of the previous cycle's problems, by problem key,
	// oldest first.
	Claims   map[string][]store.Claim
	Rechecks map[string][]store.Recheck
}

// ForAgency is the items of one agency, earlier problems first.
func (r Rectification) ForAgency(code string) []zwgk.RectItem {
	var out []zwgk.RectItem
	for _, it := range r.Items {
		if it.Agency == code {
			out = append(out, it)
		}
	}
	return out
}

// Rectification compares cycle c's findings with those of its previous
// cycle (zwgk cycle create --previous); ok is false when c has none.
func (r *Runner) Rectification(ctx context.Context, c zwgk.Cycle) (Rectification, bool, error) {
	prev, ok, err := r.store.PreviousCycle(ctx, c.ID)
	if err != nil || !ok {
		return Rectification{}, false, err
	}
	fail := func(err error) (Rectification, bool, error) {
		return Rectification{}, false, fmt.Errorf("rectification of cycle %s against %s: %w", c.Name, prev.Name, err)
	}
	prevFW, err := r.store.Framework(ctx, prev)
	if err != nil {
		return fail(err)
	}
	curFW, err := r.store.Framework(ctx, c)
	if err != nil {
		return fail(err)
	}
	prevFindings, err := r.store.Findings(ctx, prev.ID, "")
	if err != nil {
		return fail(err)
	}
	curFindings, err := r.store.Findings(ctx, c.ID, "")
	if err != nil {
		return fail(err)
	}
	enrolments, err := r.store.Enrolments(ctx, c.ID)
	if err != nil {
		return fail(err)
	}
	codes := make([]string, 0, len(enrolments))
	for _, e := range enrolments {
		codes = append(codes, e.Agency)
	}
	out := Rectification{Previous: prev, Claims: map[string][]store.Claim{}, Rechecks: map[string][]store.Recheck{}}
	out.Items, out.Summary = scoring.Rectify(prevFW, curFW, prevFindings, curFindings, codes)
	claims, err := r.store.Claims(ctx, prev.ID, "")
	if err != nil {
		return fail(err)
	}
	for _, cl := range claims {
		out.Claims[cl.Key] = append(out.Claims[cl.Key], cl)
	}
	rechecks, err := r.store.Rechecks(ctx, prev.ID, "")
	if err != nil {
		return fail(err)
	}
	for _, rc := range rechecks {
		out.Rechecks[rc.Key] = append(out.Rechecks[rc.Key], rc)
	}
	return out, true, nil
}

// Ledger is an agency's rectification ledger (整改台账) of cycle c: each
// problem the cycle published, the agency's claims and the assessors'
// re-checks of it, and what the next cycle (one following c) found.
type Ledger struct {
	Cycle     zwgk.Cycle
	Framework *indicators.Framework
	Agency    zwgk.Agency
	Entries   []LedgerEntry
	Next      string // the cycle that checked these problems, "" before one
}

// LedgerEntry is one problem of a ledger.
type LedgerEntry struct {
	zwgk.Problem
	Claims   []store.Claim
	Rechecks []store.Recheck
	Next     zwgk.RectState // what the next cycle found, "" before one
}

// Ledger gathers agency code's ledger of cycle c.
func (r *Runner) Ledger(ctx context.Context, c zwgk.Cycle, code string) (Ledger, error) {
	fw, err := r.store.Framework(ctx, c)
	if err != nil {
		return Ledger{}, err
	}
	a, err := r.store.Agency(ctx, code)
	if err != nil {
		return Ledger{}, err
	}
	findings, err := r.store.Findings(ctx, c.ID, code)
	if err != nil {
		return Ledger{}, err
	}
	claims, err := r.store.Claims(ctx, c.ID, code)
	if err != nil {
		return Ledger{}, err
	}
	rechecks, err := r.store.Rechecks(ctx, c.ID, code)
	if err != nil {
		return Ledger{}, err
	}
	l := Ledger{Cycle: c, Framework: fw, Agency: a}
	next := map[string]zwgk.RectState{}
	if n, ok, err := r.store.NextCycle(ctx, c.ID); err != nil {
		return l, err
	} else if ok {
		rect, ok, err := r.Rectification(ctx, n)
		if err != nil {
			return l, err
		}
		if ok {
			l.Next = n.Name
			for _, it := range rect.ForAgency(code) {
				next[it.Key] = it.State
			}
		}
	}
	for _, p := range scoring.Problems(fw, findings) {
		e := LedgerEntry{Problem: p, Next: next[p.Key]}
		for _, cl := range claims {
			if cl.Key == p.Key {
				e.Claims = append(e.Claims, cl)
			}
		}
		for _, rc := range rechecks {
			if rc.Key == p.Key {
				e.Rechecks = append(e.Rechecks, rc)
			}
		}
		l.Entries = append(l.Entries, e)
	}
	return l, nil
}

// Claim records that agency code fixed problem key of cycle c (by says
// who), after checking that c has that problem for the agency.
func (r *Runner) Claim(ctx context.Context, c zwgk.Cycle, code, key, note, link, by string) (store.Claim, error) {
	l, err := r.Ledger(ctx, c, code)
	if err != nil {
		return store.Claim{}, err
	}
	for _, e := range l.Entries {
		if e.Key == key {
			return r.store.AddClaim(ctx, store.Claim{CycleID: c.ID, Agency: code, Key: key, Indicator: e.Indicator, Subject: e.Subject,
				Note: note, Link: link, By: by})
		}
	}
	return store.Claim{}, fmt.Errorf("agency %s has no problem %s in cycle %s: %w", code, key, c.Name, store.ErrNotFound)
}
