import { ColourLayoutExtractor } from './colour-layout-extractor.js';
import { globalExtractorContract, localExtractorContract } from './extractor.contract.js';
import type { LocalFeatureExtractor, PreparedImage } from './features.js';
import { DEFAULT_ENGINE_SETTINGS, IdentificationEngine } from './identification-engine.js';
import { verifyGeometry } from './geometric-verification.js';
import { OrbExtractor } from './orb-extractor.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

/** Inliers between two photos as the engine verifies them, with this extractor's features. */
const inliersWith = (extractor: LocalFeatureExtractor) => async (query: PreparedImage, reference: PreparedImage) => {
  const engine = new IdentificationEngine(extractor, shippedVocabulary(), DEFAULT_ENGINE_SETTINGS);
  const [q, r] = [await engine.describe(query, 'query'), await engine.describe(reference, 'reference')];
  return (await verifyGeometry(q.features, r.features, 'homography')).inliers;
};

localExtractorContract('ORB (OpenCV WebAssembly)', () => new OrbExtractor(), inliersWith(new OrbExtractor()));
globalExtractorContract('colour layout', () => new ColourLayoutExtractor());
