/**
 * The maps' colours. Fills follow ColorBrewer's YlGnBu ramp: its lightness falls step after step, so
 * the order reads the same with any colour-vision deficiency and in greyscale print; its darkest
 * steps carry white text at more than 7:1. Flows, points and shapes are orange-brown, a hue no fill
 * step uses, dark enough (6:1 on the light grey of an empty country) to see against any of them.
 */
const RAMP = ['#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'] as const;

/** The most classes a map distinguishes: more than seven steps of one ramp are no longer told apart. */
export const MAX_STEPS = RAMP.length;

/** Countries without data, or whose count is suppressed: white inside the grey border. */
export const NO_DATA_FILL = '#ffffff';
export const MAP_BORDER = '#8c8c8c';
/** The sea around a fitted map's land, pale enough for white land to stand out by its border. */
export const SEA_FILL = '#e3eef6';
export const FLOW_COLOUR = '#a63603';
export const POINT_FILL = '#a63603';
export const SHAPE_FILL = '#e6550d';
export const SHAPE_STROKE = '#a63603';

/** The colour of class `step` (0 lightest) among `steps`, spread over the whole ramp. */
export function stepColour(step: number, steps: number): string {
  const count = Math.max(1, Math.min(Math.round(steps), MAX_STEPS));
  const clamped = Math.max(0, Math.min(Math.round(step), count - 1));
  return RAMP[count === 1 ? RAMP.length - 1 : Math.round((clamped * (RAMP.length - 1)) / (count - 1))] as string;
}
