/**
 * The expected answer of every API operation to every caller, for every visibility state of its target,
 * as the README's "Who sees what" and "Errors" paragraphs state it: 401 without or with a wrong token,
 * 403 for the wrong role (or for an object the caller sees but may not change), 404 for anything the
 * caller may not see, as if it did not exist.
 */

/** Who asks. Every museum-owned target belongs to the owner's museum. */
export const CALLERS = ['anonymous', 'wrong-token', 'owner', 'other-registrar', 'investigator', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

/** Where the target object stands; `absent` is an id no object has. */
export const TARGET_STATES = ['private', 'reported', 'published', 'recovered', 'absent'] as const;
/** A Red List is published, a draft (never published) or absent. */
export const RED_LIST_STATES = ['published', 'draft', 'absent'] as const;
/** A customs check is private to the organisation that made it (the investigator's), or absent. */
export const CHECK_STATES = ['private', 'absent'] as const;
export type TargetState = (typeof TARGET_STATES)[number] | (typeof RED_LIST_STATES)[number];

/** What an operation needs of its caller. */
export type Access =
  /** Anyone, a token only widens what is shown. */
  | { kind: 'anyone' }
  /** A token of one of these roles; the target, if any, is not a registry object. */
  | { kind: 'role'; roles: readonly Caller[] }
  /** Anyone who sees the object. */
  | { kind: 'see-object' }
  /** Those who see the object and its sensitive fields (its history). */
  | { kind: 'see-sensitive' }
  /**
   * The owner's registrars and admins. `roleFirst`: other roles are refused (403) before the object is
   * looked up; otherwise the object decides (404 if not seen, 403 if seen). Either way an object the
   * caller does not see answers exactly as one that does not exist.
   */
  | { kind: 'edit-object'; roleFirst: boolean }
  /** A Red List: anyone who sees it; `drafts`: a draft is served to those who see it, else only published editions are. */
  | { kind: 'see-red-list'; drafts: boolean }
  /** A customs check: investigators and admins (refused by role before the check is looked up), then those who see it. */
  | { kind: 'see-check' }
  /** Something of the owner's organisation (a webhook): anyone signed in may ask; its organisation and admins get it, anyone else 404. */
  | { kind: 'own-organisation' }
  /**
   * A due-diligence certificate of the owner's organisation: its organisation, investigators and admins
   * read it (anyone else signed in: 404); `write` (withdrawing it): investigators, who read it, get 403.
   */
  | { kind: 'certificate'; write: boolean };

/** Whether `caller` sees an object of the owner's museum in `state` (the visibility rule). */
export function sees(caller: Caller, state: TargetState): boolean {
  // A draft is a Red List's state, never an object's.
  if (state === 'absent' || state === 'draft') return false;
  switch (caller) {
    case 'anonymous':
    case 'wrong-token':
    case 'other-registrar':
      return state === 'published';
    case 'investigator':
      return state !== 'private';
    case 'owner':
    case 'admin':
      return true;
  }
}

/** Whether `caller` sees a Red List in `state`: published ones everyone, drafts their editors and admins (the only editors among the callers). */
export function seesRedList(caller: Caller, state: TargetState): boolean {
  return state === 'published' || (state === 'draft' && caller === 'admin');
}

/** Whether `caller` sees the investigator's customs check: its organisation (the investigator) and admins. */
export function seesCheck(caller: Caller, state: TargetState): boolean {
  return state === 'private' && (caller === 'investigator' || caller === 'admin');
}

const OFFICERS: readonly Caller[] = ['investigator', 'admin'];

/** Storage location, owner contacts, addresses, reporter details: the owner, investigators and admins, of what they see. */
export function seesSensitive(caller: Caller, state: TargetState): boolean {
  return sees(caller, state) && (caller === 'owner' || caller === 'admin' || caller === 'investigator');
}

const WRITERS: readonly Caller[] = ['owner', 'other-registrar', 'admin'];

/**
 * The status `caller` must get; `granted` is the operation's own answer once access is given (its
 * success, or the answer its request earns on the merits, e.g. a lifecycle refusal).
 */
export function expectedStatus(access: Access, caller: Caller, state: TargetState | null, granted: number): number {
  if (caller === 'wrong-token') return 401;
  switch (access.kind) {
    case 'anyone':
      return granted;
    case 'role':
      if (caller === 'anonymous') return 401;
      return access.roles.includes(caller) ? granted : 403;
    case 'see-object':
      return sees(caller, state!) ? granted : 404;
    case 'see-sensitive':
      if (!sees(caller, state!)) return 404;
      return seesSensitive(caller, state!) ? granted : 403;
    case 'edit-object':
      if (caller === 'anonymous') return 401;
      if (access.roleFirst && !WRITERS.includes(caller)) return 403;
      if (!sees(caller, state!)) return 404;
      return caller === 'owner' || caller === 'admin' ? granted : 403;
    case 'see-red-list':
      return (access.drafts ? seesRedList(caller, state!) : state === 'published') ? granted : 404;
    case 'own-organisation':
      if (caller === 'anonymous') return 401;
      return caller === 'owner' || caller === 'admin' ? granted : 404;
    case 'certificate':
      if (caller === 'anonymous') return 401;
      if (caller === 'other-registrar') return 404;
      return caller === 'investigator' && access.write ? 403 : granted;
    case 'see-check':
      if (caller === 'anonymous') return 401;
      if (!OFFICERS.includes(caller)) return 403;
      return seesCheck(caller, state!) ? granted : 404;
  }
}
