// Package attachtext turns the bytes of an attachment a government page
// links (PDF, DOCX, XLSX) into plain text, so that the content checks
// (personal data, wording, typos, sensitive words) read attachments as
// they read pages.
//
// It is pure: bytes and the declared extension in, bounded text out. It
// never opens a file or a socket. Attachments are hostile input like any
// crawled page, so every format is read under Limits: the input's size,
// the text kept, the pages, sheets and rows read, the bytes decompressed
// from a zip (counted as they come out, not as the archive claims), and a
// time budget. A malformed file, a zip bomb, or a panic inside the PDF
// library ends as an error naming what went wrong, never as a crash or a
// hang. A file that cannot be read is not evidence against anyone: the
// caller records the error and moves on.
//
// Formats: PDF through github.com/ledongthuc/pdf (object and stream
// parsing; the text operators and the ToUnicode maps are read here, since
// the library's own text extraction mishandles the full-range maps that
// common PDF writers emit for CJK fonts); DOCX and XLSX through
// archive/zip and encoding/xml, streaming, so the decompressed bytes are
// bounded as they are read. DOC, WPS, XLS and ET (OLE compound files) are
// recognised and refused with ErrUnsupported: no pure-Go reader of their
// text is served.
package attachtext
