/**
 * A place's protection under the 1954 Hague Convention for the Protection of Cultural Property in
 * the Event of Armed Conflict, as a no-strike list hands it to armed forces: `general` (cultural
 * property the Convention covers, which may bear the Blue Shield emblem once), `special`
 * (International Register, the emblem three times), `enhanced` (the Second Protocol of 1999, List
 * of Cultural Property under Enhanced Protection), or `none` recorded.
 */
export const PROTECTIONS = ['none', 'general', 'special', 'enhanced'] as const;
export type Protection = (typeof PROTECTIONS)[number];

/** How the exports spell each status: English, the working language of the forces' liaison officers. */
export const PROTECTION_LABELS: Record<Protection, string> = {
  none: 'None recorded',
  general: 'General protection, 1954 Hague Convention (Blue Shield emblem)',
  special: 'Special protection, 1954 Hague Convention (International Register)',
  enhanced: 'Enhanced protection, Second Protocol 1999',
};
