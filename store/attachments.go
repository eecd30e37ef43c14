package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// Attachment is a file an agency filed with an appeal. ContentType is the
// type the portal sniffed from the content when it was filed; the store
// keeps it and checks nothing else of the bytes.
type Attachment struct {
	ID          int64     `db:"id" json:"id"`
	Appeal      int64     `db:"appeal_id" json:"appeal"`
	Name        string    `db:"name" json:"name"`
	ContentType string    `db:"content_type" json:"content_type"`
	Size        int64     `db:"size" json:"size"`
	SHA256      string    `db:"sha256" json:"sha256"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
	Data        []byte    `db:"data" json:"-"`
}

// MaxAttachmentBytes bounds one attachment; the portal refuses larger files
// before they reach the store.
const MaxAttachmentBytes = 5 << 20

// MaxAttachments bounds the attachments of one appeal.
const MaxAttachments = 3

// FileAppealWith stores an appeal with its attachments in one transaction
// (FileAppeal's checks and audit, then one audit entry per attachment with
// its name, type, size and hash).
func (db *DB) FileAppealWith(ctx context.Context, a zwgk.Appeal, files []Attachment) (int64, error) {
	if len(files) > MaxAttachments {
		return 0, fmt.Errorf("file appeal: %d attachments, at most %d", len(files), MaxAttachments)
	}
	for i := range files {
		f := &files[i]
		switch {
		case len(f.Data) == 0:
			return 0, fmt.Errorf("file appeal: attachment %q is empty", f.Name)
		case len(f.Data) > MaxAttachmentBytes:
			return 0, fmt.Errorf("file appeal: attachment %q has %d bytes, at most %d", f.Name, len(f.Data), MaxAttachmentBytes)
		case f.ContentType == "":
			return 0, fmt.Errorf("file appeal: attachment %q has no type", f.Name)
		}
		sum := sha256.Sum256(f.Data)
		f.SHA256, f.Size, f.Name = hex.EncodeToString(sum[:]), int64(len(f.Data)), bound(f.Name, 255)
	}
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if id, err = db.fileAppealTx(ctx, tx, &a); err != nil {
			return err
		}
		for i := range files {
			f := &files[i]
			f.Appeal, f.CreatedAt = id, db.stamp()
			if err := tx.GetContext(ctx, &f.ID, tx.Rebind(`INSERT INTO appeal_attachments (appeal_id, name, content_type, size, sha256, data, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), id, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, f.CreatedAt); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, AuditEntry{Who: a.FiledBy, Action: "appeal.attach", Object: fmt.Sprintf("appeal/%d", id),
				After: map[string]any{"attachment": f.ID, "name": f.Name, "type": f.ContentType, "size": f.Size, "sha256": f.SHA256}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("file appeal: %w", err)
	}
	return id, nil
}

const attachmentMeta = "id, appeal_id, name, content_type, size, sha256, created_at"

// Attachments lists the attachments of the appeals of a cycle (of one
// agency, or all when agency is ""), without their bytes, by appeal.
func (db *DB) Attachments(ctx context.Context, cycleID int64, agency string) (map[int64][]Attachment, error) {
	q := `SELECT t.id, t.appeal_id, t.name, t.content_type, t.size, t.sha256, t.created_at
		FROM appeal_attachments t JOIN appeals p ON p.id = t.appeal_id WHERE p.cycle_id = ?`
	args := []any{cycleID}
	if agency != "" {
		q += " AND p.agency = ?"
		args = append(args, agency)
	}
	var rows []Attachment
	if err := db.rd.SelectContext(ctx, &rows, db.rd.Rebind(q+" ORDER BY t.id"), args...); err != nil {
		return nil, fmt.Errorf("attachments of cycle %d: %w", cycleID, err)
	}
	out := map[int64][]Attachment{}
	for _, r := range rows {
		r.CreatedAt = r.CreatedAt.UTC()
		out[r.Appeal] = append(out[r.Appeal], r)
	}
	return out, nil
}

// Attachment returns one attachment with its bytes.
func (db *DB) Attachment(ctx context.Context, id int64) (Attachment, error) {
	var a Attachment
	if err := db.X.GetContext(ctx, &a, db.X.Rebind("SELECT "+attachmentMeta+", data FROM appeal_attachments WHERE id = ?"), id); err != nil {
		return a, notFound(err, fmt.Sprintf("attachment %d", id))
	}
	a.CreatedAt = a.CreatedAt.UTC()
	if int64(len(a.Data)) != a.Size {
		return a, errors.New("attachment: stored size does not match its bytes")
	}
	return a, nil
}
