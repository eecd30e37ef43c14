// Package web is the zwgk portal: server-rendered pages (html/template, with
// templates and CSS embedded, no scripts, no CDN) and a read-only JSON API
// over the same data, for four roles — admin, assessor, agency and leader.
//
// Every request that touches an object goes through Authorize, one
// table-driven function deciding whether a user may do an action on an
// object; pages and API both call it, so what the UI hides the server also
// refuses. An agency user asking for another agency's objects gets 404, the
// same answer as for an object that does not exist, so existence does not
// leak.
//
// The package must not score, crawl or publish by itself: it reads and writes
// through Backend (the store plus the cycle runner, wired in cmd/zwgk) and
// asks the runner to re-score after an accepted appeal. It must never mark
// crawled text as safe HTML (template.HTML and friends): page titles, column
// names and agency names are attacker-controlled.
package web
