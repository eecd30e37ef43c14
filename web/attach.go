package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"zwgk"
	"zwgk/indicators"
	"zwgk/store"
)

// Appeals: the window agencies have to appeal, and the files they attach.

// defaultAppealWindowDays is the framework language's default window.
const defaultAppealWindowDays = indicators.DefaultAppealWindowDays

// appealWindowDays is the one place the portal learns a cycle's appeal
// window: the framework's appeals.window_days (the parser fills in the
// default).
func appealWindowDays(fw *indicators.Framework) int {
	if fw.Appeals.WindowDays > 0 {
		return fw.Appeals.WindowDays
	}
	return defaultAppealWindowDays
}

// appealDeadline is when a cycle's appeal window closes: days × 24 h after
// results were first shown to agencies; zero when that time is unknown.
func appealDeadline(c zwgk.Cycle, days int) time.Time {
	if c.ReviewAt == nil || days <= 0 {
		return time.Time{}
	}
	return c.ReviewAt.Add(time.Duration(days) * 24 * time.Hour)
}

// China Standard Time, without the tz database (a fresh server may have
// none): China has kept UTC+8 all year since 1991.
var cst = time.FixedZone("CST", 8*3600)

// cstTime is how the portal shows a time: to the minute, Beijing time,
// labelled.
func cstTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(cst).Format("2006-01-02 15:04") + "（北京时间）"
}

// Attachment limits.
const (
	maxAttachmentBytes = store.MaxAttachmentBytes
	maxAttachments     = store.MaxAttachments
	// maxAppealBody bounds a whole appeal form with its files.
	maxAppealBody = maxAttachments*maxAttachmentBytes + 256<<10
)

// attachmentTypes are the types an attachment may have, by the content
// sniffed (http.DetectContentType, the WHATWG algorithm), with the
// extension its download gets. The file's name and the browser's claimed
// type are never trusted.
var attachmentTypes = map[string]string{
	"application/pdf": "pdf",
	"image/png":       "png",
	"image/jpeg":      "jpg",
	"image/gif":       "gif",
	"image/webp":      "webp",
}

// readAttachments reads the files of the form field "attachments": each
// at most maxAttachmentBytes, of a type in attachmentTypes by content.
// The error is a Chinese message for the agency.
func readAttachments(form *multipart.Form) ([]store.Attachment, error) {
	if form == nil {
		return nil, nil
	}
	var out []store.Attachment
	for _, fh := range form.File["attachments"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file input of a form sent without a file
		}
		if len(out) == maxAttachments {
			return nil, fmt.Errorf("每次申诉最多附 %d 个文件。", maxAttachments)
		}
		name := cleanFileName(fh.Filename)
		if fh.Size > maxAttachmentBytes {
			return nil, fmt.Errorf("附件“%s”超过 %d MB。", name, maxAttachmentBytes>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, fmt.Errorf("附件“%s”无法读取。", name)
		}
		data, err := io.ReadAll(io.LimitReader(f, maxAttachmentBytes+1))
		f.Close()
		switch {
		case err != nil:
			return nil, fmt.Errorf("附件“%s”无法读取。", name)
		case len(data) > maxAttachmentBytes:
			return nil, fmt.Errorf("附件“%s”超过 %d MB。", name, maxAttachmentBytes>>20)
		case len(data) == 0:
			return nil, fmt.Errorf("附件“%s”是空文件。", name)
		}
		ct := http.DetectContentType(data)
		if _, ok := attachmentTypes[ct]; !ok {
			return nil, fmt.Errorf("附件“%s”不是 PDF 或图片（PNG、JPEG、GIF、WebP），按内容识别为 %s。", name, ct)
		}
		out = append(out, store.Attachment{Name: name, ContentType: ct, Data: data})
	}
	return out, nil
}

// cleanFileName keeps the last path element of a client's file name,
// without control or direction-override characters, at most 100
// characters: it is shown to assessors and put in a header.
func cleanFileName(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	s = path.Base(s)
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.In(r, unicode.Bidi_Control) || r == '"' {
			return -1
		}
		return r
	}, s)
	if rs := []rune(s); len(rs) > 100 {
		s = string(rs[:100])
	}
	if s == "" || s == "." || s == "/" {
		s = "附件"
	}
	return s
}

// attachmentFile serves an appeal's attachment to who may see the appeal:
// with the type sniffed when it was filed, as a download, nosniff, and a
// sandboxing policy, so a file crafted to look like HTML runs nothing.
func (s *server) attachmentFile(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok {
		return
	}
	id, okID := atoi64(r.PathValue("id"))
	var att store.Attachment
	var ap zwgk.Appeal
	var err error
	found := false
	if okID {
		att, err = s.b.Attachment(r.Context(), id)
		if err == nil {
			ap, err = s.b.Appeal(r.Context(), att.Appeal)
		}
		switch {
		case err == nil:
			found = ap.CycleID == c.ID
		case !isNotFound(err):
			s.pageError(w, r, rq, err)
			return
		}
	}
	if !found {
		// The same answer as for another agency's file.
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	if !s.allowed(w, r, rq, ActViewAttachment, Object{Cycle: &c, Agency: ap.Agency}, false) {
		return
	}
	ext, ok := attachmentTypes[att.ContentType]
	ct := att.ContentType
	if !ok {
		ct, ext = "application/octet-stream", "bin"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Length", strconv.Itoa(len(att.Data)))
	// The saved file gets the extension of its sniffed type, whatever the
	// agency named it: a PDF called x.html must not open as a page.
	ascii := fmt.Sprintf("appeal-%d-%d.%s", ap.ID, att.ID, ext)
	name := strings.TrimSuffix(att.Name, path.Ext(att.Name)) + "." + ext
	h.Set("Content-Disposition", `attachment; filename="`+ascii+`"; filename*=UTF-8''`+rfc5987(name))
	w.Write(att.Data)
}

// rfc5987 percent-encodes s for a filename* parameter: everything but
// RFC 5987's attr-char.
func rfc5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
