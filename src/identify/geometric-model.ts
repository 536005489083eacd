import { typePath } from '../registry/vocabulary.js';
import type { GeometricModel } from './geometric-verification.js';

/**
 * Object types whose photos are views of a plane (a painting, a print, a page, a tapestry): a
 * homography maps one photo onto another exactly. Other objects turn in depth, so only a looser
 * affine model with a wider tolerance fits their views.
 */
const FLAT_TYPES = new Set(['paintings', 'drawings', 'prints', 'photographs', 'mosaics', 'stained-glass', 'tapestries', 'carpets', 'embroideries', 'documents', 'maps', 'icons', 'altarpieces']);

export function geometricModelFor(objectType: string | null): GeometricModel {
  if (objectType === null) return 'affine';
  return typePath(objectType).some((entry) => FLAT_TYPES.has(entry.key)) ? 'homography' : 'affine';
}
