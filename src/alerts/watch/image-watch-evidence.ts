import type { Translate } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { formatPercent } from '../../registry/object.components.js';
import type { ImageWatchEvidence } from './image-watch.listener.js';

/** The evidence of an alert found in an image watch, told apart from other subscriptions' (which carry none). */
export function isImageWatchEvidence(evidence: unknown): evidence is ImageWatchEvidence {
  return typeof evidence === 'object' && evidence !== null && (evidence as { kind?: unknown }).kind === 'image-watch' && Array.isArray((evidence as { matches?: unknown }).matches);
}

/** One line per stock photo found, in the reader’s language: what an in-app alert or an e-mail from an image watch says of its evidence. */
export function evidenceLines(evidence: ImageWatchEvidence, t: Translate, lang: Lang): string[] {
  return evidence.matches.map((match) =>
    t('watch.evidence.match', { label: match.label, verdict: t(match.verdict === 'match' ? 'watch.evidence.verdict.match' : 'watch.evidence.verdict.possible'), score: formatPercent(match.score, lang), inliers: match.inliers }),
  );
}
