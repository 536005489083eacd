import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { evidenceLines, isImageWatchEvidence } from './image-watch-evidence.js';
import type { ImageWatchEvidence } from './image-watch.listener.js';

const evidence: ImageWatchEvidence = {
  kind: 'image-watch',
  matches: [
    { watchedPhotoId: 'p1', label: 'LOT-12.jpg', thumbnailPath: '/media/watches/w1/photos/p1', verdict: 'match', score: 0.85, inliers: 34, alertPhotoId: 'a1' },
    { watchedPhotoId: 'p2', label: 'LOT-13.jpg', thumbnailPath: '/media/watches/w1/photos/p2', verdict: 'possible', score: 0.35, inliers: 14, alertPhotoId: 'a1' },
  ],
};

describe('the evidence of an image watch alert', () => {
  it('is told apart from other alerts’ payloads', () => {
    expect(isImageWatchEvidence(evidence)).toBe(true);
    expect(isImageWatchEvidence(undefined)).toBe(false);
    expect(isImageWatchEvidence({ kind: 'certificate', matches: [] })).toBe(false);
  });

  it('names each stock photo found with its verdict and score, in the reader’s language', () => {
    expect(evidenceLines(evidence, translator('en'), 'en')).toEqual(['LOT-12.jpg: match, score 85% (34 matching points)', 'LOT-13.jpg: possible match, score 35% (14 matching points)']);
    expect(evidenceLines(evidence, translator('fr'), 'fr')[0]).toBe('LOT-12.jpg : correspondance, score 85\u00a0% (34 points concordants)');
    expect(evidenceLines(evidence, translator('es'), 'es')[1]).toBe('LOT-13.jpg: posible coincidencia, puntuación 35\u00a0% (14 puntos coincidentes)');
  });
});
