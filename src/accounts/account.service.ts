import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/password.js';
import { generateSecret, hashSecret } from '../auth/secret-token.js';
import type { CredentialRepository } from '../auth/credential.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import type { OrganisationRepository } from './organisation.repository.js';
import type { Principal, Role } from './roles.js';
import type { UserRepository } from './user.repository.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

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
  ) {}

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
      return await this.principalOf(user.id, 'session');
    } catch (error) {
      // Another request added the same e-mail between the check above and this insert.
      if (isUniqueViolation(error)) throw conflict(`A user with the e-mail ${email} already exists.`);
      throw error;
    }
  }

  /** Issues a new API token for the organisation's service user with this role, creating that user if needed. */
  async createApiToken(organisationSlug: string, role: Role, label: string): Promise<string> {
    const service = await this.serviceUser(organisationSlug, role);
    const token = generateSecret('egide');
    await this.credentials.createApiToken(hashSecret(token), service.id, label);
    return token;
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

  async principalFromApiToken(token: string): Promise<Principal | undefined> {
    const userId = await this.credentials.findApiTokenUser(hashSecret(token));
    return userId === undefined ? undefined : this.users.findPrincipal(userId, 'token');
  }

  /** Checks an e-mail and password; returns the user's principal or undefined, taking the same time either way. */
  async verifyCredentials(email: string, password: string): Promise<Principal | undefined> {
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

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
