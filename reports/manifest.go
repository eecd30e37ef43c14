package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"zwgk"
	"zwgk/manifest"
)

// manifestRoots are the roots the PDFs print: the folder's and each
// agency's subtree root. Both empty when the folder has no manifest.
type manifestRoots struct {
	root   string
	agency map[string]string
}

// probeReader is the store's cheap read of one agency's probes; an
// EvidenceReader without it is asked for the whole evidence.
type probeReader interface {
	Probes(ctx context.Context, cycleID int64, agency string) ([]zwgk.Probe, error)
}

// writeManifest writes manifest.json over the folder in dir (the cohort
// files framework.yaml, scores.json, scores.csv and findings.csv, and for
// every agency of the cycle its evidence file, findings, score and probes)
// and returns its roots. A folder written without evidence, or a partial
// run missing some agencies' evidence files, gets no manifest: it could
// not prove what it does not hold.
func writeManifest(ctx context.Context, dir string, in FolderInput) (manifestRoots, error) {
	var roots manifestRoots
	if in.Evidence == nil {
		return roots, nil
	}
	m := manifest.Manifest{Cycle: in.Cycle.Name, AsOf: in.Cycle.AsOf.String(),
		Framework: manifest.Framework{ID: in.Framework.ID, Version: in.Framework.Version}}
	var scores []byte
	for _, name := range []string{manifest.FrameworkFile, manifest.ScoresFile, "scores.csv", manifest.FindingsFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return roots, fmt.Errorf("report folder: manifest: %w", err)
		}
		m.AddFile(name, b)
		if name == manifest.ScoresFile {
			scores = b
		}
	}
	entries, err := manifest.ScoreEntries(scores)
	if err != nil {
		return roots, fmt.Errorf("report folder: manifest: %w", err)
	}
	findingsOf := map[string][]zwgk.Finding{}
	for _, f := range in.Findings {
		findingsOf[f.Agency] = append(findingsOf[f.Agency], f)
	}
	for _, a := range in.Agencies {
		if err := ctx.Err(); err != nil {
			return roots, err
		}
		ev, err := os.ReadFile(filepath.Join(dir, "evidence", a.Code+".json"))
		if errors.Is(err, fs.ErrNotExist) {
			return manifestRoots{}, nil
		}
		if err != nil {
			return roots, fmt.Errorf("report folder: manifest: %w", err)
		}
		probes, err := agencyProbes(ctx, in, a.Code)
		if err != nil {
			return roots, err
		}
		entry, ok := entries[a.Code]
		if !ok {
			return roots, fmt.Errorf("report folder: manifest: agency %s is not in scores.json", a.Code)
		}
		if err := m.AddAgency(a.Code, ev, findingsOf[a.Code], entry, probes); err != nil {
			return roots, fmt.Errorf("report folder: %w", err)
		}
	}
	root, err := m.Seal()
	if err != nil {
		return roots, fmt.Errorf("report folder: %w", err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return roots, err
	}
	if err := writeAtomic(filepath.Join(dir, manifest.ManifestFile), func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return roots, err
	}
	roots = manifestRoots{root: root, agency: make(map[string]string, len(m.Agencies))}
	for _, a := range m.Agencies {
		roots.agency[a.Code] = a.Root
	}
	return roots, nil
}

func agencyProbes(ctx context.Context, in FolderInput, code string) ([]zwgk.Probe, error) {
	if pr, ok := in.Evidence.(probeReader); ok {
		p, err := pr.Probes(ctx, in.Cycle.ID, code)
		if err != nil {
			return nil, fmt.Errorf("report folder: probes of %s: %w", code, err)
		}
		return p, nil
	}
	ev, _, err := in.Evidence.Evidence(ctx, in.Cycle.ID, code)
	if err != nil {
		return nil, fmt.Errorf("report folder: evidence of %s: %w", code, err)
	}
	return ev.Probes, nil
}
