/**
 * `--report FILE` of `egide import` and `egide harvest`: every warning and failure, as it happens,
 * one JSON object per line — {"kind", "recordId", "file", "line", "field", "reason", "value"}, the
 * parts not known left out (and "page" for a harvest). Written as they come, so that a report of a
 * million warnings holds no more memory than one, and a stopped import keeps what it met.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { invalid } from '../errors.js';
import type { RowIssue } from '../interop/import/import-pipeline.js';

export interface IssueReport {
  write(issue: RowIssue & { page?: number }): void;
  close(): void;
}

export function openIssueReport(path: string): IssueReport {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw invalid(`--report ${path}: cannot write the file (${error instanceof Error ? error.message : String(error)})`);
  }
  return {
    write({ kind, recordId, file, page, line, field, reason, value }) {
      // JSON.stringify leaves out what is undefined.
      writeSync(fd, `${JSON.stringify({ kind, recordId, file, page, line, field, reason, value })}\n`);
    },
    close: () => closeSync(fd),
  };
}
