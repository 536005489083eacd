/**
 * The heightened watch, as the registry sees it: whether an organisation's museum lies inside an
 * active emergency (declared in src/emergencies/). The composition root (app/context.ts) wires the
 * emergencies' answer in; the registry never imports emergencies.
 */
export interface EmergencyWatch {
  /** The active emergency on `day` (YYYY-MM-DD) the organisation's museum is inside, or null. */
  emergencyOf(organisationId: number, day: string): Promise<WatchedEmergency | null>;
}

export interface WatchedEmergency {
  id: string;
  /** Its names by language tag. */
  names: Record<string, string>;
}

/** No emergency anywhere: for registries run without the emergencies (tests of the registry alone). */
export const NO_WATCH: EmergencyWatch = { emergencyOf: () => Promise.resolve(null) };
