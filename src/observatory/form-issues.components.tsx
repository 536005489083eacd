import type { FieldIssue } from '../errors.js';

/** A refused form's problems above it, each named by its field (or the row of an imported file), the whole read out when shown. */
export function IssuesNotice({ summary, errors, id }: { summary: string; errors: readonly FieldIssue[]; id?: string }) {
  if (errors.length === 0) return null;
  return (
    <div class="notice error" role="alert" id={id}>
      <p>{summary}</p>
      <ul>
        {errors.map((issue) => (
          <li>
            <strong>{issue.field}</strong>: {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
