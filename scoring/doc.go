// Package scoring judges evidence and turns judgements into marks: it
// evaluates a framework's rules on one agency's evidence (findings), lays
// assessors' reviews over them, computes the scorecard (weights, partial
// credit, vetoes, capped deductions, gated bonus, not-applicable rescaling,
// grades), and works on cohorts (ranks within a tier, region aggregates,
// commend and criticise lists, trends between cycles).
//
// # Cohorts: one computation for every consumer
//
// Aggregate computes every figure of a cohort once (zwgk.CohortStats: per
// tier, per region within a tier and across tiers, per indicator, grade
// distributions, pass rates) and the §21 lists (Notices, from the
// framework's rules). The cohort PDF, the charts, the portal's pages and
// API, the XLSX and scores.json all read that one value; none counts for
// itself. Ministries belong to no region (MinistriesRule). Per agency,
// Score sets the appraisal contribution with its formula and the
// subtotals against their rescaled maxima (RescaleNote explains the
// factor); RectificationList builds the rectification list (整改清单) and
// Advice picks the framework's work advice (工作建议) for the groups the
// cohort met least.
//
// Everything here is a pure function of its arguments. The package must not
// fetch, read files, touch a database or read the clock: the as-of date is
// an argument, so re-scoring stored evidence always gives the same marks
// (scoring_imports_test.go enforces this by parsing the package).
//
// # Evaluators
//
// One evaluator per rule kind (Evaluators), each declaring the evidence it
// needs, as Lighthouse audits declare their artifacts. An evaluator reports
// what it measured (Measure), whether the rule is breached, the fraction of
// the rule met and the number of occurrences; the indicator's kind then
// decides the outcome (score and bonus: the fraction; veto: the breach;
// deduct: the occurrences).
//
// # Arithmetic and rounding
//
// Marks are computed in fixed point: every leaf's earned points are
// quantised once to micro-points (10⁻⁶ of a point, half-up) and summed as
// int64, so the sum is exact and independent of the order of findings — a
// findings.csv read back in any order reproduces the published marks bit
// for bit, which floating-point sums do not guarantee. Rescaling
// (Total/Applicable), bonus and the final rounding are done in integer
// arithmetic (128-bit where products could overflow), and the mark is
// rounded exactly once, to two decimals, half-up (84.995 → 85.00, never
// banker's rounding), when it is published. The micro-point quantum is
// 5 000 times finer than the published hundredth, so with a few hundred
// leaves it cannot move a published mark except for values within a few
// millionths of a half-hundredth; the rule is applied identically to every
// agency.
//
// Thresholds (the bonus gate, grade bands) are compared with the published,
// rounded figures, so that a reader can check every grade by eye: a base
// shown as 80.00 passes an 80 gate. Subtotals, deductions, bonus and
// appraisal contributions are each rounded once from exact values; they may
// therefore differ from sums of other rounded figures by a hundredth.
package scoring
