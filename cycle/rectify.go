package cycle

import (
	"context"
	"fmt"

	"zwgk"
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
