package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"zwgk"
	"zwgk/indicators"
)

// SaveFramework stores a frozen framework text under its hash; saving the
// same hash again is a no-op. hash must be the sha256 (hex) of source.
func (db *DB) SaveFramework(ctx context.Context, id, version, hash string, source []byte) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.saveFramework(ctx, tx, id, version, hash, source) })
}

func (db *DB) saveFramework(ctx context.Context, tx *sqlx.Tx, id, version, hash string, source []byte) error {
	sum := sha256.Sum256(source)
	if got := hex.EncodeToString(sum[:]); got != hash {
		return fmt.Errorf("framework %s: hash %s does not match its text (sha256 %s)", id, hash, got)
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO frameworks (hash, id, version, source, saved_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hash) DO NOTHING`), hash, id, version, source, db.stamp())
	if err != nil {
		return fmt.Errorf("framework %s: %w", id, err)
	}
	return nil
}

// FrameworkSource returns the frozen text of a framework by hash.
func (db *DB) FrameworkSource(ctx context.Context, hash string) ([]byte, error) {
	var src []byte
	if err := db.rd.GetContext(ctx, &src, db.rd.Rebind("SELECT source FROM frameworks WHERE hash = ?"), hash); err != nil {
		return nil, notFound(err, "framework "+hash)
	}
	return src, nil
}

// NewCycle is what CreateCycle needs.
type NewCycle struct {
	Name             string
	FrameworkID      string
	FrameworkVersion string
	FrameworkHash    string // sha256 hex of FrameworkSource; computed when empty
	FrameworkSource  []byte
	AsOf             zwgk.Date
	WindowDays       int
	Agencies         []string // codes to enrol; each must be imported
}

// CreateCycle freezes the framework, creates the cycle in state draft and
// enrols the agencies, all in one transaction.
func (db *DB) CreateCycle(ctx context.Context, n NewCycle) (zwgk.Cycle, error) {
	var c zwgk.Cycle
	switch {
	case strings.TrimSpace(n.Name) == "":
		return c, errors.New("create cycle: empty name")
	case n.AsOf.IsZero():
		return c, fmt.Errorf("create cycle %s: no as-of date", n.Name)
	case n.WindowDays < 0:
		return c, fmt.Errorf("create cycle %s: negative window", n.Name)
	case len(n.FrameworkSource) == 0:
		return c, fmt.Errorf("create cycle %s: empty framework", n.Name)
	case len(n.Agencies) == 0:
		return c, fmt.Errorf("create cycle %s: no agencies to enrol", n.Name)
	}
	if n.FrameworkHash == "" {
		sum := sha256.Sum256(n.FrameworkSource)
		n.FrameworkHash = hex.EncodeToString(sum[:])
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.saveFramework(ctx, tx, n.FrameworkID, n.FrameworkVersion, n.FrameworkHash, n.FrameworkSource); err != nil {
			return err
		}
		var exists int
		if err := tx.GetContext(ctx, &exists, tx.Rebind("SELECT COUNT(*) FROM cycles WHERE name = ?"), n.Name); err != nil {
			return err
		}
		if exists > 0 {
			return fmt.Errorf("a cycle named %q exists already", n.Name)
		}
		var codes []string
		if err := tx.SelectContext(ctx, &codes, "SELECT code FROM agencies"); err != nil {
			return err
		}
		have := make(map[string]bool, len(codes))
		for _, c := range codes {
			have[c] = true
		}
		missing, dup := map[string]bool{}, map[string]bool{}
		seen := map[string]bool{}
		for _, a := range n.Agencies {
			if !have[a] {
				missing[a] = true
			}
			if seen[a] {
				dup[a] = true
			}
			seen[a] = true
		}
		if len(missing) > 0 {
			return fmt.Errorf("agencies not imported: %s", listSome(sortedCodes(missing)))
		}
		if len(dup) > 0 {
			return fmt.Errorf("agencies listed twice: %s", listSome(sortedCodes(dup)))
		}
		now := db.stamp()
		err := tx.GetContext(ctx, &c.ID, tx.Rebind(`INSERT INTO cycles (name, framework_id, framework_version, framework_hash, as_of, window_days, state, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			n.Name, n.FrameworkID, n.FrameworkVersion, n.FrameworkHash, n.AsOf.String(), n.WindowDays, zwgk.CycleDraft, now)
		if err != nil {
			return err
		}
		enrol, err := tx.PreparexContext(ctx, tx.Rebind("INSERT INTO enrolments (cycle_id, agency, crawl_state, updated_at) VALUES (?, ?, 'pending', ?)"))
		if err != nil {
			return err
		}
		defer enrol.Close()
		for _, a := range n.Agencies {
			if _, err := enrol.ExecContext(ctx, c.ID, a, now); err != nil {
				return fmt.Errorf("enrol %s: %w", a, err)
			}
		}
		c = zwgk.Cycle{ID: c.ID, Name: n.Name, FrameworkID: n.FrameworkID, FrameworkHash: n.FrameworkHash,
			AsOf: n.AsOf, WindowDays: n.WindowDays, State: zwgk.CycleDraft, CreatedAt: now}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: "cycle.create", Object: cycleObject(n.Name),
			After: map[string]any{"framework": n.FrameworkID, "version": n.FrameworkVersion, "hash": n.FrameworkHash,
				"as_of": n.AsOf, "window_days": n.WindowDays, "agencies": len(n.Agencies)}})
	})
	if err != nil {
		return zwgk.Cycle{}, fmt.Errorf("create cycle %s: %w", n.Name, err)
	}
	return c, nil
}

func cycleObject(name string) string { return "cycle/" + name }

func listSome(xs []string) string {
	if len(xs) > 20 {
		return strings.Join(xs[:20], ", ") + fmt.Sprintf(" … (%d in all)", len(xs))
	}
	return strings.Join(xs, ", ")
}

type cycleRow struct {
	ID               int64      `db:"id"`
	Name             string     `db:"name"`
	FrameworkID      string     `db:"framework_id"`
	FrameworkVersion string     `db:"framework_version"`
	FrameworkHash    string     `db:"framework_hash"`
	AsOf             string     `db:"as_of"`
	WindowDays       int        `db:"window_days"`
	State            string     `db:"state"`
	CreatedAt        time.Time  `db:"created_at"`
	PublishedAt      *time.Time `db:"published_at"`
	Provisional      int        `db:"provisional"`
	ReviewAt         *time.Time `db:"review_at"`
	Version          int64      `db:"version"`
}

const cycleCols = "id, name, framework_id, framework_version, framework_hash, as_of, window_days, state, created_at, published_at, provisional, review_at, version"

func (r cycleRow) cycle() (zwgk.Cycle, error) {
	asOf, err := zwgk.ParseDate(r.AsOf)
	if err != nil {
		return zwgk.Cycle{}, fmt.Errorf("cycle %s: %w", r.Name, err)
	}
	c := zwgk.Cycle{ID: r.ID, Name: r.Name, FrameworkID: r.FrameworkID, FrameworkHash: r.FrameworkHash,
		AsOf: asOf, WindowDays: r.WindowDays, State: zwgk.CycleState(r.State), CreatedAt: r.CreatedAt.UTC(),
		Provisional: r.Provisional != 0, Version: r.Version}
	if r.PublishedAt != nil {
		t := r.PublishedAt.UTC()
		c.PublishedAt = &t
	}
	if r.ReviewAt != nil {
		t := r.ReviewAt.UTC()
		c.ReviewAt = &t
	}
	return c, nil
}

// Cycles lists every cycle, newest first.
func (db *DB) Cycles(ctx context.Context) ([]zwgk.Cycle, error) {
	var rows []cycleRow
	if err := db.rd.SelectContext(ctx, &rows, "SELECT "+cycleCols+" FROM cycles ORDER BY id DESC"); err != nil {
		return nil, fmt.Errorf("cycles: %w", err)
	}
	out := make([]zwgk.Cycle, 0, len(rows))
	for _, r := range rows {
		c, err := r.cycle()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// CycleByName returns a cycle by name.
func (db *DB) CycleByName(ctx context.Context, name string) (zwgk.Cycle, error) {
	var r cycleRow
	if err := db.rd.GetContext(ctx, &r, db.rd.Rebind("SELECT "+cycleCols+" FROM cycles WHERE name = ?"), name); err != nil {
		return zwgk.Cycle{}, notFound(err, "cycle "+name)
	}
	return r.cycle()
}

// CycleByID returns a cycle by id.
func (db *DB) CycleByID(ctx context.Context, id int64) (zwgk.Cycle, error) {
	var r cycleRow
	if err := db.rd.GetContext(ctx, &r, db.rd.Rebind("SELECT "+cycleCols+" FROM cycles WHERE id = ?"), id); err != nil {
		return zwgk.Cycle{}, notFound(err, fmt.Sprintf("cycle %d", id))
	}
	return r.cycle()
}

// FrameworkVersion is the version of the framework a cycle froze.
func (db *DB) FrameworkVersion(ctx context.Context, cycleID int64) (string, error) {
	var v string
	if err := db.rd.GetContext(ctx, &v, db.rd.Rebind("SELECT framework_version FROM cycles WHERE id = ?"), cycleID); err != nil {
		return "", notFound(err, fmt.Sprintf("cycle %d", cycleID))
	}
	return v, nil
}

// SetCycleState moves a cycle to next when zwgk.CycleState.CanMove allows
// it; the move is audited. A published cycle refuses (zwgk.ErrPublished).
func (db *DB) SetCycleState(ctx context.Context, id int64, next zwgk.CycleState) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.setCycleState(ctx, tx, id, next) })
}

func (db *DB) setCycleState(ctx context.Context, tx *sqlx.Tx, id int64, next zwgk.CycleState) error {
	var r cycleRow
	if err := tx.GetContext(ctx, &r, tx.Rebind("SELECT "+cycleCols+" FROM cycles WHERE id = ?"+db.lockUpdate()), id); err != nil {
		return notFound(err, fmt.Sprintf("cycle %d", id))
	}
	cur := zwgk.CycleState(r.State)
	if err := cur.CanMove(next); err != nil {
		return fmt.Errorf("cycle %s: %w", r.Name, err)
	}
	if cur == next {
		return nil
	}
	var pub *time.Time
	if next == zwgk.CyclePublished {
		t := db.stamp()
		pub = &t
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE cycles SET state = ?, published_at = ?, version = version + 1 WHERE id = ?"), next, pub, id); err != nil {
		return fmt.Errorf("cycle %s: %w", r.Name, err)
	}
	if next == zwgk.CycleReview && r.ReviewAt == nil {
		// Results are shown to agencies from now on: the appeal
		// window starts here, once (a re-score keeps it).
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE cycles SET review_at = ? WHERE id = ?"), db.stamp(), id); err != nil {
			return fmt.Errorf("cycle %s: %w", r.Name, err)
		}
	}
	return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: "cycle.state", Object: cycleObject(r.Name),
		Before: map[string]string{"state": string(cur)}, After: map[string]string{"state": string(next)}})
}

// Crawl states of an enrolment.
const (
	CrawlPending = "pending"
	CrawlRunning = "running"
	CrawlDone    = "done"
	CrawlFailed  = "failed"
)

// CrawlStates lists the crawl states in order.
var CrawlStates = []string{CrawlPending, CrawlRunning, CrawlDone, CrawlFailed}

// Enrolment is an agency's place in a cycle and how its crawl stands.
type Enrolment struct {
	CycleID    int64     `db:"cycle_id" json:"cycle_id"`
	Agency     string    `db:"agency" json:"agency"`
	CrawlState string    `db:"crawl_state" json:"crawl_state"`
	Attempts   int       `db:"attempts" json:"attempts"` // times the crawl was started
	Cause      string    `db:"cause" json:"cause,omitempty"`
	UpdatedAt  time.Time `db:"updated_at" json:"updated_at"`
}

// Enrolments lists a cycle's enrolments by agency code.
func (db *DB) Enrolments(ctx context.Context, cycleID int64) ([]Enrolment, error) {
	var out []Enrolment
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(`SELECT cycle_id, agency, crawl_state, attempts, cause, updated_at
		FROM enrolments WHERE cycle_id = ? ORDER BY agency`), cycleID); err != nil {
		return nil, fmt.Errorf("cycle %d enrolments: %w", cycleID, err)
	}
	for i := range out {
		out[i].UpdatedAt = out[i].UpdatedAt.UTC()
	}
	return out, nil
}

// SetCrawlState records how an agency's crawl stands; moving to running
// counts an attempt. cause says why a crawl failed.
func (db *DB) SetCrawlState(ctx context.Context, cycleID int64, agency, state, cause string) error {
	switch state {
	case CrawlPending, CrawlRunning, CrawlDone, CrawlFailed:
	default:
		return fmt.Errorf("crawl state %q: want one of %v", state, CrawlStates)
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.writable(ctx, tx, cycleID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE enrolments SET crawl_state = ?, cause = ?, updated_at = ?,
			attempts = attempts + ? WHERE cycle_id = ? AND agency = ?`),
			state, bound(cause, 2000), db.stamp(), b2i(state == CrawlRunning), cycleID, agency)
		if err != nil {
			return fmt.Errorf("crawl state of %s: %w", agency, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("agency %s in cycle %d: not enrolled: %w", agency, cycleID, ErrNotFound)
		}
		return nil
	})
}

// CycleCounts counts a cycle's enrolments per crawl state; every state is
// present, zero or not.
func (db *DB) CycleCounts(ctx context.Context, cycleID int64) (map[string]int, error) {
	var rows []struct {
		State string `db:"crawl_state"`
		N     int    `db:"n"`
	}
	if err := db.X.SelectContext(ctx, &rows, db.X.Rebind("SELECT crawl_state, COUNT(*) AS n FROM enrolments WHERE cycle_id = ? GROUP BY crawl_state"), cycleID); err != nil {
		return nil, fmt.Errorf("cycle %d counts: %w", cycleID, err)
	}
	out := map[string]int{}
	for _, s := range CrawlStates {
		out[s] = 0
	}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// bound makes untrusted text (titles, causes, errors from remote sites)
// storable in both databases: valid UTF-8, no NUL (PostgreSQL refuses
// both), at most n bytes cut on a rune boundary.
func bound(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// Framework is a cycle's frozen framework, parsed once per process and
// hash: a frozen text never changes, so every later call is a map lookup.
func (db *DB) Framework(ctx context.Context, c zwgk.Cycle) (*indicators.Framework, error) {
	if fw, ok := db.parsed.Load(c.FrameworkHash); ok {
		return fw.(*indicators.Framework), nil
	}
	src, err := db.FrameworkSource(ctx, c.FrameworkHash)
	if err != nil {
		return nil, fmt.Errorf("cycle %s: frozen framework: %w", c.Name, err)
	}
	fw, err := indicators.Parse(c.FrameworkID+"@"+c.FrameworkHash[:min(12, len(c.FrameworkHash))], src)
	if err != nil {
		return nil, fmt.Errorf("cycle %s: frozen framework: %w", c.Name, err)
	}
	got, _ := db.parsed.LoadOrStore(c.FrameworkHash, fw)
	return got.(*indicators.Framework), nil
}
