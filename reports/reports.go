// Package reports turns scored cycles into what people read: a PDF
// scorecard per agency (A4, Chinese, official layout), the cohort report,
// an offline chart dashboard (go-echarts with echarts.min.js shipped beside
// it) and the XLSX export, and writes the report folder of DESIGN.md.
//
// It must not score, crawl or touch the database: it is handed scorecards,
// findings and evidence (scoring/, store/ and cycle/ produce them), and it
// must not load anything from the network, at build or at run time — the
// font and the JavaScript are embedded. All text that came from crawled
// pages or uploaded files is treated as hostile: cleaned, bounded and
// drawn with glyphs the embedded font has.
package reports
