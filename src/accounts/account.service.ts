import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.js';
import { generateSecret, hashSecret } from './secret-token.js';
import type { ApiTokenListRow, CredentialRepository } from './credential.repository.js';
import type { AuditTrail } from '../audit/audit.service.js';
import { isUniqueViolation } from '../db/errors.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import type { OrganisationRow } from '../db/schema.js';
import type { OrganisationRepository } from './organisation.repository.js';
import { ROLES_BY_ORGANISATION_KIND, type OrganisationKind, type Principal, type Role } from '../roles.js';
import type { PersonListRow, UserRepository } from './user.repository.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const LAST_USED_PRECISION_MS = 60_000;
/** The longest e-mail address (RFC 5321): what a failed sign-in records of the address tried. */
const MAX_EMAIL_LENGTH = 320;

export interface NewPerson {
  email: string;
  displayName: string;
  password: string;
  organisationSlug: string;
  role: Role;
}

export class AccountService {
  /** Compared against when the e-mail is unknown, so response time does not reveal which accounts exist. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** Every organisation of the network, by name (admins' lists and filters). */
  listOrganisations(): Promise<OrganisationRow[]> {
    return this.organisations.list();
  }

  findOrganisation(slug: string): Promise<OrganisationRow | undefined> {
    return this.organisations.findBySlug(slug);
  }

  async addPerson(person: NewPerson): Promise<Principal> {
    const email = normaliseEmail(person.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid(`"${person.email}" is not an e-mail address.`, [{ field: 'email', message: 'not an e-mail address' }]);
    if (person.password.length < MIN_PASSWORD_LENGTH) {
      throw invalid(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [{ field: 'password', message: 'too short' }]);
    }
    const organisation = await this.requireOrganisation(person.organisationSlug);
    if (await this.users.findByEmail(email)) throw conflict(`A user with the e-mail ${email} already exists.`);
    const passwordHash = await hashPassword(person.password);
    try {
      const user = await this.users.create({
        organisationId: organisation.id,
        email,
        displayName: person.displayName.trim() || email,
        passwordHash,
        role: person.role,
        kind: 'person',
      });
      const added = await this.principalOf(user.id, 'session');
      await this.audit.record(null, { action: 'user.add', targetType: 'user', targetId: String(user.id), details: { email, organisation: added.organisationSlug, role: added.role } });
      return added;
    } catch (error) {
      // Another request added the same e-mail between the check above and this insert.
      if (isUniqueViolation(error)) throw conflict(`A user with the e-mail ${email} already exists.`);
      throw error;
    }
  }

  /** A new API token's secret, never expiring: for tests and benchmarks (`egide token create` uses `issueApiToken`). */
  async createApiToken(organisationSlug: string, role: Role, label: string): Promise<string> {
    return (await this.issueApiToken({ organisationSlug, role, label, expiresAt: null, createdBy: null })).secret;
  }

  /** Issues a token, its own identity acting with the organisation's service user's role; the secret is stored hashed. */
  async issueApiToken(request: NewApiTokenRequest): Promise<IssuedApiToken> {
    const service = await this.serviceUser(request.organisationSlug, request.role);
    const secret = generateSecret('egide');
    const id = await this.credentials.createApiToken({
      tokenHash: hashSecret(secret),
      userId: service.id,
      label: request.label,
      expiresAt: request.expiresAt,
      createdBy: request.createdBy?.userId ?? null,
    });
    await this.audit.record(request.createdBy, {
      action: 'token.create',
      targetType: 'token',
      targetId: String(id),
      details: { organisation: request.organisationSlug, role: request.role, label: request.label, expiresAt: request.expiresAt?.toISOString() ?? null },
    });
    return { id, secret, expiresAt: request.expiresAt };
  }

  /** Tokens of every organisation, or of one; each with its state at `now`. */
  async listApiTokens(organisationSlug?: string, now = new Date()): Promise<ApiTokenView[]> {
    const organisationId = organisationSlug === undefined ? undefined : (await this.requireOrganisation(organisationSlug)).id;
    const rows = await this.credentials.listApiTokens(organisationId === undefined ? {} : { organisationId });
    return rows.map((row) => tokenView(row, now));
  }

  /** Revokes a token: the next request that brings it gets 401. Revoking a revoked token changes nothing. */
  async revokeApiToken(id: number, by: Principal | null, now = new Date()): Promise<ApiTokenView> {
    if (!(await this.credentials.revokeApiToken(id, by?.userId ?? null, now))) throw notFound(`No API token with the id ${id}.`);
    await this.audit.record(by, { action: 'token.revoke', targetType: 'token', targetId: String(id) });
    const [row] = await this.credentials.listApiTokens({ id });
    return tokenView(row!, now);
  }

  /** Refuses a role the organisation's kind may not hold (no investigator in a museum, no admin outside the secretariat). */
  async requireRoleAllowed(organisationSlug: string, role: Role): Promise<void> {
    const organisation = await this.requireOrganisation(organisationSlug);
    const allowed = ROLES_BY_ORGANISATION_KIND[organisation.kind as OrganisationKind];
    if (!allowed.includes(role)) {
      throw new DomainError('forbidden', `A ${organisation.kind} (${organisationSlug}) may not hold the role ${role}; its roles are ${allowed.join(', ')} (--force to grant it anyway).`);
    }
  }

  /** People who sign in, with their organisation and whether they are disabled. */
  listPeople(): Promise<PersonListRow[]> {
    return this.users.listPeople();
  }

  /** The id of the person with this e-mail (the command line names people by e-mail). */
  async personIdByEmail(email: string): Promise<number> {
    const user = await this.users.findByEmail(normaliseEmail(email));
    if (!user || user.kind !== 'person') throw notFound(`No person with the e-mail ${email.trim()}.`);
    return user.id;
  }

  /** Disables a person: they cannot sign in, and their sessions end at once. One cannot disable oneself. */
  async disablePerson(userId: number, by: Principal | null, now = new Date()): Promise<void> {
    await this.requirePerson(userId);
    if (by?.userId === userId) throw conflict('You cannot disable your own account.');
    await this.users.setDisabled(userId, now, by?.userId ?? null);
    await this.credentials.deleteUserSessions(userId);
    await this.audit.record(by, { action: 'user.disable', targetType: 'user', targetId: String(userId) });
  }

  async enablePerson(userId: number, by: Principal | null): Promise<void> {
    await this.requirePerson(userId);
    await this.users.setDisabled(userId, null, null);
    await this.audit.record(by, { action: 'user.enable', targetType: 'user', targetId: String(userId) });
  }

  /** Sets a new password and ends the person's sessions, but `keepSession` (the one that changed it). */
  async changePassword(userId: number, password: string, by: Principal | null, keepSession?: string): Promise<void> {
    await this.requirePerson(userId);
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw invalid(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [{ field: 'password', message: 'too short' }]);
    }
    await this.users.setPassword(userId, await hashPassword(password));
    await this.credentials.deleteUserSessions(userId, keepSession === undefined ? undefined : hashSecret(keepSession));
    await this.audit.record(by, { action: 'user.password', targetType: 'user', targetId: String(userId) });
  }

  private async requirePerson(userId: number) {
    const user = await this.users.findById(userId);
    if (!user || user.kind !== 'person') throw notFound(`No person with the id ${userId}.`);
    return user;
  }

  /**
   * The organisation's service user with this role, as a principal, created if needed: who the
   * command line acts as (e.g. `egide import` as the museum's registrar service), so that the
   * history records which organisation made a change. Not found if the organisation is unknown.
   */
  async servicePrincipal(organisationSlug: string, role: Role): Promise<Principal> {
    const service = await this.serviceUser(organisationSlug, role);
    if (service.disabled_at) throw new DomainError('forbidden', `The ${role} service user of ${organisationSlug} is disabled.`);
    return this.principalOf(service.id, 'token');
  }

  private async serviceUser(organisationSlug: string, role: Role) {
    const organisation = await this.requireOrganisation(organisationSlug);
    return (
      (await this.users.findService(organisation.id, role)) ??
      (await this.users.create({
        organisationId: organisation.id,
        email: null,
        displayName: `${organisation.name} (${role} service)`,
        passwordHash: null,
        role,
        kind: 'service',
      }))
    );
  }

  /**
   * The principal a token acts as: its service user's role and organisation, named after the token
   * (label and id) so that history and logs say which token acted. Revoked and expired tokens give
   * nothing; this reads the database each time, so a revocation holds from the next request on.
   */
  async principalFromApiToken(token: string, now = new Date()): Promise<Principal | undefined> {
    const row = await this.credentials.findUsableApiToken(hashSecret(token), now);
    const service = row && (await this.users.findPrincipal(row.user_id, 'token'));
    if (!row || !service) return undefined;
    // Once a minute at most: a write on every request would queue them all behind the write lock.
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_PRECISION_MS) await this.credentials.touchApiToken(row.id, now);
    const principal: Principal = { ...service, tokenId: row.id, displayName: tokenActorName(service.displayName, row.id, row.label) };
    await this.audit.tokenUsed(principal);
    return principal;
  }

  /** Checks an e-mail and password; returns the user's principal or undefined, taking the same time either way. */
  async verifyCredentials(email: string, password: string): Promise<Principal | undefined> {
    const principal = await this.checkPassword(email, password);
    await this.audit.record(principal ?? null, { action: 'sign-in', outcome: principal ? 'success' : 'failure', actorName: email.trim().slice(0, MAX_EMAIL_LENGTH) });
    return principal;
  }

  private async checkPassword(email: string, password: string): Promise<Principal | undefined> {
    const user = await this.users.findByEmail(normaliseEmail(email));
    if (!user?.password_hash || user.disabled_at) {
      this.decoyHash ??= hashPassword('decoy password for unknown accounts');
      await verifyPassword(password, await this.decoyHash);
      return undefined;
    }
    if (!(await verifyPassword(password, user.password_hash))) return undefined;
    return this.users.findPrincipal(user.id, 'session');
  }

  async startSession(userId: number, now = new Date()): Promise<string> {
    const secret = generateSecret('egs');
    await this.credentials.deleteExpiredSessions(now);
    await this.credentials.createSession(hashSecret(secret), userId, new Date(now.getTime() + SESSION_LIFETIME_MS));
    return secret;
  }

  async principalFromSession(secret: string, now = new Date()): Promise<Principal | undefined> {
    const userId = await this.credentials.findSessionUser(hashSecret(secret), now);
    return userId === undefined ? undefined : this.users.findPrincipal(userId, 'session');
  }

  endSession(secret: string): Promise<void> {
    return this.credentials.deleteSession(hashSecret(secret));
  }

  private async requireOrganisation(slug: string) {
    const organisation = await this.organisations.findBySlug(slug);
    if (!organisation) throw notFound(`No organisation with the slug "${slug}".`);
    return organisation;
  }

  private async principalOf(userId: number, via: Principal['via']): Promise<Principal> {
    const principal = await this.users.findPrincipal(userId, via);
    if (!principal) throw notFound(`User ${userId} not found.`);
    return principal;
  }
}

export interface NewApiTokenRequest {
  organisationSlug: string;
  role: Role;
  label: string;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** Who asked for it; null from the command line. */
  createdBy: Principal | null;
}

export interface IssuedApiToken {
  id: number;
  /** Shown once; only its hash is stored. */
  secret: string;
  expiresAt: Date | null;
}

export type ApiTokenState = 'active' | 'expired' | 'revoked';

export interface ApiTokenView {
  id: number;
  label: string;
  organisation: string;
  role: Role;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  state: ApiTokenState;
}

function tokenView(row: ApiTokenListRow, now: Date): ApiTokenView {
  const state: ApiTokenState = row.revoked_at ? 'revoked' : row.expires_at && row.expires_at <= now.toISOString() ? 'expired' : 'active';
  return {
    id: row.id,
    label: row.label,
    organisation: row.organisation,
    role: row.role as Role,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    state,
  };
}

/** How history entries and logs name what a token did: its service user, then the token itself. */
export function tokenActorName(serviceName: string, tokenId: number, label: string): string {
  return `${serviceName}, token #${tokenId} “${label}”`;
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
