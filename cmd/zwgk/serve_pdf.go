package main

import (
	"context"
	"io"

	"zwgk/cycle"
	"zwgk/store"
	"zwgk/web"
)

// scorecardPDF is the portal's PDF download. It stays nil until package
// reports builds here; serve_pdf_reports.go will wire reports.WriteScorecard.
func scorecardPDF(st *store.DB, r *cycle.Runner) func(context.Context, io.Writer, web.PDFInput) error {
	return nil
}
