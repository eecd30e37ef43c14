package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"zwgk"
	"zwgk/exchange"
	"zwgk/manifest"
)

// The evidence commands make a published mark checkable without the
// database: verify recomputes a report folder (or an agency's bundle)
// against its manifest and the published root; export writes an agency's
// whole evidence, page bodies included, with the proof that it is part of
// the published tree.

func init() {
	register("", &Command{Name: "evidence", Summary: "verify a report folder or evidence bundle; export an agency's evidence"})
	register("evidence", &Command{
		Name:    "verify",
		Usage:   "DIR [--root HEX]",
		Summary: "recompute a report folder or an agency's evidence bundle; exit 1 naming the first difference",
		Help: `DIR is a report folder (it has manifest.json) or an evidence bundle written
by zwgk evidence export (it has bundle.json). Every hash is recomputed from
the files: each cohort file, each agency's evidence file, findings and score,
each agency's Merkle subtree and the root; in a folder every mark of
scores.json is recomputed from framework.yaml and findings.csv, in a bundle
every page body is checked against its sha256 and the agency's inclusion
proof against the root.

--root is the root as published (printed on every report, announced by
the bureau): without it, a folder rebuilt whole by a forger would be
consistent with itself.

Exit 0 when everything matches, 1 naming the first file and item that
differ.`,
		Run: runEvidenceVerify,
	})
	register("evidence", &Command{
		Name:    "export",
		Usage:   "CYCLE --agency CODE --report DIR --out DIR",
		Summary: "write an agency's evidence bundle (page bodies, probes, proof) that verifies against the published root",
		Help: `Writes into --out (a new or empty folder) what an agency appealing a finding,
or anyone auditing it, needs to prove what the assessor saw:

  bundle.json      the agency's digests, subtree root and inclusion proof
  evidence.json    its evidence file from the report folder, byte for byte
  findings.csv     its findings;  score.json  its entry of scores.json
  probes.json      every availability probe record
  pages/NNNNN.bin  every stored page body, in the evidence file's order

--report is the cycle's published report folder (zwgk report): the bundle
is proved against its manifest.json. The bundle is verified before the
command succeeds.`,
		Run: runEvidenceExport,
	})
}

func runEvidenceVerify(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	root := fs.String("root", "", "the published root (64 hex digits)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one folder DIR, got %d arguments", len(pos))
	}
	if *root != "" {
		if _, err := manifest.ParseHash(*root); err != nil {
			return usagef("--root: %v", err)
		}
		*root = strings.ToLower(*root)
	}
	dir := pos[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: not a folder", dir)
	}
	fsys := os.DirFS(dir)
	if _, err := os.Stat(filepath.Join(dir, manifest.BundleFile)); err == nil {
		rep, err := manifest.VerifyBundle(fsys, *root)
		if err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		fmt.Fprintf(env.Stdout, "bundle of %s verified: %d pages (%d bodies match their sha256, %d kept only in part, %d without a body), %d probes, in the tree of root %s\n",
			rep.Agency, rep.Pages, rep.Bodies, rep.Truncated, rep.NoBody, rep.Probes, rep.Root)
		return nil
	}
	rep, err := manifest.Verify(fsys, *root)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	how := "consistent with itself (give --root to check it against the published root)"
	if *root != "" {
		how = "equal to the published root"
	}
	fmt.Fprintf(env.Stdout, "report folder verified: %d agencies, %d pages, %d files, every mark recomputed; root %s, %s\n",
		rep.Agencies, rep.Pages, rep.Files, rep.Root, how)
	return nil
}

func runEvidenceExport(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	code := fs.String("agency", "", "agency code")
	report := fs.String("report", "", "the cycle's report folder (with manifest.json)")
	out := fs.String("out", "", "bundle folder to write (new or empty)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one CYCLE, got %d arguments", len(pos))
	case *code == "" || *report == "" || *out == "":
		return usagef("--agency, --report and --out are required")
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: not empty; give a new folder", *out)
	}
	mb, err := os.ReadFile(filepath.Join(*report, manifest.ManifestFile))
	if err != nil {
		return fmt.Errorf("%s: %w (give the cycle's report folder, written by zwgk report)", *report, err)
	}
	m, err := manifest.Read(bytes.NewReader(mb), filepath.Join(*report, manifest.ManifestFile))
	if err != nil {
		return err
	}
	if m.Cycle != pos[0] {
		return fmt.Errorf("%s is the report of cycle %s, not %s", *report, m.Cycle, pos[0])
	}
	b, err := manifest.BundleFor(m, *code)
	if err != nil {
		return err
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.CycleByName(ctx, pos[0])
	if err != nil {
		return err
	}

	files := map[string][]byte{}
	ev, err := os.ReadFile(filepath.Join(*report, "evidence", *code+".json"))
	if err != nil {
		return fmt.Errorf("%s: %w", *report, err)
	}
	files[manifest.BundleEvidenceFile] = ev
	pages, err := manifest.EvidencePages(ev)
	if err != nil {
		return fmt.Errorf("%s: evidence of %s: %w", *report, *code, err)
	}
	for i, p := range pages {
		body, truncated, ok, err := st.PageBody(ctx, c.ID, *code, p.URL)
		if err != nil {
			return err
		}
		if !ok {
			b.Bodies = append(b.Bodies, manifest.Body{})
			continue
		}
		name := fmt.Sprintf("pages/%05d.bin", i)
		files[name] = body
		b.Bodies = append(b.Bodies, manifest.Body{File: name, Truncated: truncated})
	}
	fr, err := os.ReadFile(filepath.Join(*report, manifest.FindingsFile))
	if err != nil {
		return err
	}
	all, err := exchange.ReadFindingsCSV(bytes.NewReader(fr), manifest.FindingsFile)
	if err != nil {
		return err
	}
	var mine []zwgk.Finding
	for _, f := range all {
		if f.Agency == *code {
			mine = append(mine, f)
		}
	}
	var fw bytes.Buffer
	if err := exchange.WriteFindingsCSV(&fw, mine); err != nil {
		return err
	}
	files[manifest.BundleFindingsFile] = fw.Bytes()
	sb, err := os.ReadFile(filepath.Join(*report, manifest.ScoresFile))
	if err != nil {
		return err
	}
	entries, err := manifest.ScoreEntries(sb)
	if err != nil {
		return fmt.Errorf("%s: %w", manifest.ScoresFile, err)
	}
	files[manifest.BundleScoreFile] = entries[*code]
	probes, err := st.Probes(ctx, c.ID, *code)
	if err != nil {
		return err
	}
	if probes == nil {
		probes = []zwgk.Probe{}
	}
	pj, err := json.MarshalIndent(probes, "", "  ")
	if err != nil {
		return err
	}
	files[manifest.BundleProbesFile] = pj
	var bj bytes.Buffer
	if err := b.Write(&bj); err != nil {
		return err
	}
	files[manifest.BundleFile] = bj.Bytes()
	for name, data := range files {
		p := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	rep, err := manifest.VerifyBundle(os.DirFS(*out), m.Root)
	if err != nil {
		var mm *manifest.Mismatch
		if errors.As(err, &mm) {
			return fmt.Errorf("the database no longer matches the report folder (%w): was the cycle re-crawled or re-scored after the report?", err)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: evidence of %s in cycle %s, %d pages (%d bodies, %d kept only in part), %d probes; verifies against root %s\n",
		*out, *code, c.Name, rep.Pages, rep.Bodies, rep.Truncated, rep.Probes, rep.Root)
	return nil
}
