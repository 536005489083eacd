import type { Principal, Role } from '../roles.js';
import type { UserRepository } from '../accounts/user.repository.js';
import type { AuditTrail } from '../audit/audit.service.js';
import { conflict, notFound } from '../errors.js';
import type { CredentialRepository } from '../accounts/credential.repository.js';
import type { RateLimit, RateLimitRepository } from './rate-limit.repository.js';
import { generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.js';
import { generateSecret, hashSecret } from '../accounts/secret-token.js';
import { generateTotpSecret, matchTotp, otpauthUri } from './totp.js';
import type { PendingPurpose, PendingSignIn, TwoFactorRepository } from './two-factor.repository.js';

/** How long a half-finished sign-in lasts: typing a code takes seconds, setting up an app a few minutes. */
const PENDING_LIFETIME_MS: Record<PendingPurpose, number> = { 'second-factor': 5 * 60_000, enrol: 15 * 60_000 };
/** Wrong codes allowed per person in the window: like passwords, counted before the check. */
const CODE_FAILURES: RateLimit = { max: 5, windowMs: 15 * 60_000 };
const ISSUER = 'Egide';

export type SecondFactorCheck = { ok: true; method: 'totp' | 'recovery-code' } | { ok: false; retryAfter: number };

export interface Enrolment {
  secret: string;
  uri: string;
}

export interface TwoFactorStatus {
  enrolled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

/** TOTP second factor (RFC 6238) with recovery codes, and the sign-ins waiting for it. */
export class TwoFactorService {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly audit: AuditTrail,
    private readonly requiredRoles: readonly Role[],
    /** Wrong codes, counted per person (whoever has the password may try from many addresses) by every process together. */
    private readonly attempts: RateLimitRepository,
  ) {}

  isRequired(role: Role): boolean {
    return this.requiredRoles.includes(role);
  }

  async status(principal: Principal): Promise<TwoFactorStatus> {
    return {
      enrolled: await this.isEnrolled(principal.userId),
      required: this.isRequired(principal.role),
      recoveryCodesLeft: await this.store.countUnusedRecoveryCodes(principal.userId),
    };
  }

  async isEnrolled(userId: number): Promise<boolean> {
    return Boolean((await this.store.findTotp(userId))?.confirmed_at);
  }

  /**
   * The secret to set up in an authenticator app: the one being set up if any (so reloading the
   * page does not change it under the app that already scanned it), else a new one.
   */
  async enrolment(userId: number, now = new Date()): Promise<Enrolment> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound(`No person with the id ${userId}.`);
    const existing = await this.store.findTotp(userId);
    if (existing?.confirmed_at) throw conflict('Two-factor sign-in is already set up for this account.');
    let secret = existing?.secret;
    if (!secret) {
      secret = generateTotpSecret();
      await this.store.saveUnconfirmedSecret(userId, secret, now);
    }
    return { secret, uri: otpauthUri(secret, ISSUER, user.email ?? user.display_name) };
  }

  /** Confirms the enrolment with a first code; returns the recovery codes (shown once), or undefined for a wrong code. */
  async confirmEnrolment(userId: number, code: string, now = new Date()): Promise<string[] | undefined> {
    const totp = await this.store.findTotp(userId);
    if (!totp) return undefined;
    if (totp.confirmed_at) throw conflict('Two-factor sign-in is already set up for this account.');
    const step = matchTotp(totp.secret, code, now.getTime(), totp.last_used_step);
    if (step === undefined || !(await this.store.useStep(userId, step, now))) return undefined;
    const codes = await this.replaceRecoveryCodes(userId, now);
    await this.audit.record(await this.principal(userId), { action: 'two-factor.enrol', targetType: 'user', targetId: String(userId) });
    return codes;
  }

  /** New recovery codes; the previous ones stop working. */
  async regenerateRecoveryCodes(principal: Principal, now = new Date()): Promise<string[]> {
    if (!(await this.isEnrolled(principal.userId))) throw conflict('Set up two-factor sign-in before asking for recovery codes.');
    const codes = await this.replaceRecoveryCodes(principal.userId, now);
    await this.audit.record(principal, { action: 'two-factor.recovery-codes', targetType: 'user', targetId: String(principal.userId) });
    return codes;
  }

  /**
   * Checks a code from the authenticator app, or a recovery code (then used up). The attempt is
   * counted before the check, so that codes sent together cannot all pass under the limit.
   */
  async check(userId: number, input: string, now = new Date()): Promise<SecondFactorCheck> {
    const key = `two-factor:${userId}`;
    const wait = await this.attempts.acquire(key, CODE_FAILURES);
    if (wait > 0) return { ok: false, retryAfter: wait };
    const method = await this.accepts(userId, input.trim(), now);
    await this.audit.record(await this.principal(userId), { action: 'sign-in.second-factor', outcome: method ? 'success' : 'failure', details: method ? { method } : {} });
    if (!method) return { ok: false, retryAfter: 0 };
    await this.attempts.reset(key);
    return { ok: true, method };
  }

  private async accepts(userId: number, input: string, now: Date): Promise<'totp' | 'recovery-code' | undefined> {
    if (looksLikeRecoveryCode(input)) return (await this.store.useRecoveryCode(userId, hashRecoveryCode(input), now)) ? 'recovery-code' : undefined;
    const totp = await this.store.findTotp(userId);
    if (!totp?.confirmed_at) return undefined;
    const step = matchTotp(totp.secret, input, now.getTime(), totp.last_used_step);
    return step !== undefined && (await this.store.useStep(userId, step)) ? 'totp' : undefined;
  }

  /**
   * For a person locked out (lost phone and codes): forgets their second factor and ends their
   * sessions, so that their next sign-in sets it up again (at once, if their role requires it).
   */
  async reset(userId: number, by: Principal | null): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.kind !== 'person') throw notFound(`No person with the id ${userId}.`);
    await this.store.deleteAll(userId);
    await this.credentials.deleteUserSessions(userId);
    await this.audit.record(by, { action: 'two-factor.reset', targetType: 'user', targetId: String(userId) });
  }

  /**
   * After a right password: the half-finished sign-in to continue (its secret goes in a cookie), or
   * undefined when the person has no second factor and needs none (the session may start now).
   */
  async afterPassword(principal: Principal, nextPath: string, now = new Date()): Promise<{ secret: string; purpose: PendingPurpose } | undefined> {
    const purpose: PendingPurpose | undefined = (await this.isEnrolled(principal.userId)) ? 'second-factor' : this.isRequired(principal.role) ? 'enrol' : undefined;
    if (!purpose) return undefined;
    const secret = generateSecret('egp');
    await this.store.createPending(hashSecret(secret), { userId: principal.userId, purpose, nextPath }, new Date(now.getTime() + PENDING_LIFETIME_MS[purpose]), now);
    return { secret, purpose };
  }

  pending(secret: string, now = new Date()): Promise<PendingSignIn | undefined> {
    return this.store.findPending(hashSecret(secret), now);
  }

  /** Ends a half-finished sign-in; false if another request already ended it. */
  finishPending(secret: string): Promise<boolean> {
    return this.store.deletePending(hashSecret(secret));
  }

  private async replaceRecoveryCodes(userId: number, now: Date): Promise<string[]> {
    const codes = generateRecoveryCodes();
    await this.store.replaceRecoveryCodes(userId, codes.map(hashRecoveryCode), now);
    return codes;
  }

  private async principal(userId: number): Promise<Principal | null> {
    return (await this.users.findPrincipal(userId, 'session')) ?? null;
  }
}
