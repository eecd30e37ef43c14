package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// AgencyScores is the re-scoring of some agencies of a cycle after a
// review or an appeal: scoring is per agency, so only their findings and
// cards are new; their tiers are re-ranked from the stored standings.
type AgencyScores struct {
	// Findings replace the findings of each agency listed.
	Findings map[string][]zwgk.Finding
	// Cards are the agencies' new scorecards with Tier set; their rank
	// fields are filled here.
	Cards []zwgk.Scorecard
	// ReviewsThrough is the newest review id of the cycle when the
	// reviews the scoring applied were read: a review of one of these
	// agencies stored after it makes the save fail with ErrStaleReviews
	// (score again), so a slower re-score never undoes a newer review.
	ReviewsThrough int64
	// Rank ranks cards in place by their Tier (scoring.Rank): the store
	// keeps no ranking rule of its own.
	Rank func(cards []zwgk.Scorecard)
}

// ErrStaleReviews is returned by SaveAgencyScores when reviews of the
// agencies arrived while they were being scored.
var ErrStaleReviews = errors.New("reviews changed while scoring")

// MaxReviewID is the newest review id of a cycle (0: none).
func (db *DB) MaxReviewID(ctx context.Context, cycleID int64) (int64, error) {
	var id int64
	if err := db.X.GetContext(ctx, &id, db.X.Rebind("SELECT COALESCE(MAX(id), 0) FROM reviews WHERE cycle_id = ?"), cycleID); err != nil {
		return 0, fmt.Errorf("reviews of cycle %d: %w", cycleID, err)
	}
	return id, nil
}

// Enrolment is one agency's enrolment in a cycle.
func (db *DB) Enrolment(ctx context.Context, cycleID int64, agency string) (Enrolment, error) {
	var e Enrolment
	if err := db.X.GetContext(ctx, &e, db.X.Rebind(`SELECT cycle_id, agency, crawl_state, attempts, cause, updated_at
		FROM enrolments WHERE cycle_id = ? AND agency = ?`), cycleID, agency); err != nil {
		return e, notFound(err, fmt.Sprintf("agency %s in cycle %d", agency, cycleID))
	}
	e.UpdatedAt = e.UpdatedAt.UTC()
	return e, nil
}

// standing is a stored scorecard's place in its tier.
type standing struct {
	Agency     string  `db:"agency"`
	Tier       string  `db:"tier"`
	Total      float64 `db:"total"`
	Vetoed     int     `db:"vetoed"`
	Rank       int     `db:"rank"`
	TierSize   int     `db:"tier_size"`
	Percentile float64 `db:"percentile"`
}

// SaveAgencyScores writes a re-scoring of some agencies in one
// transaction: their findings and cards, and the new standing of every
// agency of their tiers whose rank changed (columns only, bodies stay).
// It returns the cycle's new version.
func (db *DB) SaveAgencyScores(ctx context.Context, cycleID int64, s AgencyScores) (int64, error) {
	if s.Rank == nil {
		return 0, errors.New("save agency scores: no ranking")
	}
	scored := make(map[string]*zwgk.Scorecard, len(s.Cards))
	for i := range s.Cards {
		c := &s.Cards[i]
		if _, ok := s.Findings[c.Agency]; !ok {
			return 0, fmt.Errorf("save agency scores: card of %s without its findings", c.Agency)
		}
		scored[c.Agency] = c
	}
	if len(scored) != len(s.Findings) {
		return 0, errors.New("save agency scores: findings of an agency without its card")
	}
	var version int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if version, err = db.bump(ctx, tx, cycleID); err != nil {
			return err
		}
		var since []string
		if err := tx.SelectContext(ctx, &since, tx.Rebind("SELECT DISTINCT agency FROM reviews WHERE cycle_id = ? AND id > ?"), cycleID, s.ReviewsThrough); err != nil {
			return err
		}
		for _, a := range since {
			if scored[a] != nil {
				return fmt.Errorf("agency %s: %w", a, ErrStaleReviews)
			}
		}
		// The tiers to re-rank: the cards' own and any an agency leaves.
		tiers := map[string]bool{}
		for _, c := range s.Cards {
			tiers[c.Tier] = true
		}
		var old []standing
		if err := tx.SelectContext(ctx, &old, tx.Rebind("SELECT agency, tier, total, vetoed, rank, tier_size, percentile FROM scorecards WHERE cycle_id = ?"), cycleID); err != nil {
			return err
		}
		for _, o := range old {
			if scored[o.Agency] != nil {
				tiers[o.Tier] = true
			}
		}
		var cohort []zwgk.Scorecard
		before := map[string]standing{}
		for _, o := range old {
			if !tiers[o.Tier] {
				continue
			}
			before[o.Agency] = o
			if scored[o.Agency] == nil {
				cohort = append(cohort, zwgk.Scorecard{Agency: o.Agency, Tier: o.Tier, Total: o.Total, Vetoed: o.Vetoed != 0})
			}
		}
		for _, c := range s.Cards {
			cohort = append(cohort, zwgk.Scorecard{Agency: c.Agency, Tier: c.Tier, Total: c.Total, Vetoed: c.Vetoed})
		}
		s.Rank(cohort)
		upd, err := tx.PreparexContext(ctx, tx.Rebind("UPDATE scorecards SET rank = ?, tier_size = ?, percentile = ?, version = ? WHERE cycle_id = ? AND agency = ?"))
		if err != nil {
			return err
		}
		defer upd.Close()
		for _, r := range cohort {
			if c := scored[r.Agency]; c != nil {
				c.Rank, c.TierSize, c.Percentile = r.Rank, r.TierSize, r.Percentile
				continue
			}
			if o := before[r.Agency]; o.Rank == r.Rank && o.TierSize == r.TierSize && o.Percentile == r.Percentile {
				continue
			}
			if _, err := upd.ExecContext(ctx, r.Rank, r.TierSize, r.Percentile, version, cycleID, r.Agency); err != nil {
				return fmt.Errorf("standing of %s: %w", r.Agency, err)
			}
		}
		codes := make([]string, 0, len(scored))
		for a := range scored {
			codes = append(codes, a)
		}
		sort.Strings(codes)
		for _, a := range codes {
			if err := db.saveFindings(ctx, tx, cycleID, a, s.Findings[a]); err != nil {
				return fmt.Errorf("findings of %s: %w", a, err)
			}
		}
		ins, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO scorecards (cycle_id, agency, total, grade, rank, vetoed, body, version, tier, tier_size, percentile)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id, agency) DO UPDATE SET total = excluded.total, grade = excluded.grade, rank = excluded.rank,
				vetoed = excluded.vetoed, body = excluded.body, version = excluded.version, tier = excluded.tier,
				tier_size = excluded.tier_size, percentile = excluded.percentile`))
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, a := range codes {
			if err := insertCard(ctx, ins, cycleID, version, scored[a]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save scores of %s in cycle %d: %w", someCodes(s.Cards), cycleID, err)
	}
	return version, nil
}

// insertCard runs ins (the scorecards insert of cardInsert's columns) for c.
func insertCard(ctx context.Context, ins *sqlx.Stmt, cycleID, version int64, c *zwgk.Scorecard) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if _, err := ins.ExecContext(ctx, cycleID, c.Agency, c.Total, c.Grade, c.Rank, b2i(c.Vetoed), string(body), version,
		c.Tier, c.TierSize, c.Percentile); err != nil {
		return fmt.Errorf("scorecard of %s: %w", c.Agency, err)
	}
	return nil
}

func someCodes(cards []zwgk.Scorecard) string {
	var codes []string
	for i, c := range cards {
		if i == 5 {
			codes = append(codes, fmt.Sprintf("… (%d in all)", len(cards)))
			break
		}
		codes = append(codes, c.Agency)
	}
	return strings.Join(codes, ", ")
}
