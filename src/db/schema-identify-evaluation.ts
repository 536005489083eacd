/**
 * An accuracy report of identification (`egide identify evaluate`, src/identify/evaluation/): the
 * figures and everything needed to read them (registry, queries, settings), kept as JSON, with the
 * release that measured them so that the accuracy page shows the latest report of this release.
 */
export interface IdentifyEvaluationTable {
  id: string;
  created_at: string;
  /** Egide's version (package.json) that ran it. */
  version: string;
  seed: number;
  /** The report (EvaluationReport) as JSON. */
  report: string;
}
