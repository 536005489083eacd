import type { Principal } from '../roles.js';
import { chainHash, GENESIS_HASH } from '../db/audit-chain.js';
import { contentOf, type ActorKind, type AuditAction, type AuditContent, type AuditOutcome } from './audit-entry.js';
import type { AuditEntryView, AuditFilter, AuditRepository } from './audit.repository.js';
import { currentAuditScope } from './audit-scope.js';

/** What happened, as a service reports it; who and from where the trail works out itself. */
export interface AuditEvent {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  outcome?: AuditOutcome;
  /** Who acted when it was not a principal: the e-mail tried at a failed sign-in. */
  actorName?: string;
}

export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; entryId: number; problem: 'altered' | 'unlinked' | 'unvouched' };

export interface AuditSettings {
  retentionDays: number;
  /** Off only to measure what the trail costs (bench:http); never in production. */
  enabled: boolean;
}

const PAGE = 5_000;
/**
 * The longest an entry waits for others to share its commit. Entries recorded in one turn of the
 * event loop are committed together at its end; under load a turn runs many requests (50 searches:
 * about 100 ms), and waiting for its end would keep the first ones from answering, so a batch older
 * than this is committed at once. A commit costs 30–60 µs: at most 2–3 % of this interval.
 */
const GROUP_COMMIT_MS = 2;
const TOKEN_USE_PERIOD_MS = 60_000;
const MAX_TRACKED_TOKENS = 10_000;

interface Pending {
  content: AuditContent;
  stored: () => void;
  failed: (error: unknown) => void;
}

/**
 * The append-only, hash-chained audit trail. An entry is committed at once when the engine can
 * without waiting (SQLite, its connection free); otherwise entries recorded together (concurrent
 * requests) are appended in one write transaction, chained in order. The write lock serialises
 * appends across processes, so the chain never forks.
 *
 * The guarantee: what is recorded is never answered unrecorded. `record` resolves only once the
 * entry is committed, and callers await it before answering, so a server killed at any moment has
 * recorded every response it sent; a failed append fails the request. (Holding entries in memory to
 * commit them later would be cheaper, and would lose the entries of answers already sent.)
 */
export class AuditTrail {
  private pending: Pending[] = [];
  private batchStartedAt = 0;
  /** Token id → minute of its last recorded use. */
  private readonly tokenUses = new Map<number, number>();

  constructor(
    private readonly entries: AuditRepository,
    readonly settings: AuditSettings,
  ) {}

  /** Records an event by `principal` (null: anonymous, or the command line). */
  record(principal: Principal | null, event: AuditEvent): Promise<void> {
    if (!this.settings.enabled) return Promise.resolve();
    const content = this.contentFor(principal, event);
    return new Promise((resolve, reject) => {
      this.pending.push({ content, stored: resolve, failed: reject });
      if (this.pending.length === 1) {
        this.batchStartedAt = performance.now();
        setImmediate(() => void this.flush());
      } else if (performance.now() - this.batchStartedAt >= GROUP_COMMIT_MS) void this.flush();
    });
  }

  /** Sensitive fields served: recorded for each object page or API read that showed them. */
  sensitiveRead(principal: Principal | null, objectId: string, owner: string, action: 'object.read' | 'object.history'): Promise<void> {
    return this.record(principal, { action, targetType: 'object', targetId: objectId, details: { owner } });
  }

  /** Searches and identifications: recorded for those who see every reported object (investigators, admins). */
  recordInvestigation(principal: Principal | null, event: AuditEvent): Promise<void> {
    return principal?.role === 'investigator' || principal?.role === 'admin' ? this.record(principal, event) : Promise.resolve();
  }

  /**
   * A bearer token was used: recorded the first time in each minute per token (every entry of the
   * request names the token anyway; one per request would double the trail for no more knowledge).
   */
  async tokenUsed(principal: Principal): Promise<void> {
    const tokenId = principal.tokenId;
    if (!this.settings.enabled || tokenId === undefined) return;
    const minute = Math.floor(Date.now() / TOKEN_USE_PERIOD_MS);
    if (this.tokenUses.get(tokenId) === minute) return;
    if (this.tokenUses.size >= MAX_TRACKED_TOKENS) this.tokenUses.clear();
    this.tokenUses.set(tokenId, minute);
    await this.record(principal, { action: 'token.use', targetType: 'token', targetId: String(tokenId) });
  }

  /**
   * Walks the chain from the oldest entry kept: each must link to the one before (or, after a
   * purge, to the hash the purge checkpoint vouches for) and hash to what it stores. The first
   * entry that does not is named: altered (its content changed), unlinked (an entry before it was
   * removed, inserted or moved), unvouched (the oldest kept is not where the last purge ended).
   */
  async verify(): Promise<VerifyResult> {
    const checkpoint = await this.entries.lastCheckpoint();
    let expectedPrev = checkpoint ? (JSON.parse(checkpoint.details) as { lastPurgedHash: string }).lastPurgedHash : GENESIS_HASH;
    let entries = 0;
    let afterId = 0;
    for (;;) {
      const page = await this.entries.page(afterId, PAGE);
      for (const row of page) {
        if (row.prev_hash !== expectedPrev) return { ok: false, entries, entryId: row.id, problem: entries === 0 ? 'unvouched' : 'unlinked' };
        if (chainHash(row.prev_hash, contentOf(row)) !== row.hash) return { ok: false, entries, entryId: row.id, problem: 'altered' };
        expectedPrev = row.hash;
        entries++;
      }
      if (page.length < PAGE) return { ok: true, entries };
      afterId = page[page.length - 1]!.id;
    }
  }

  /**
   * Removes entries older than the retention period, behind a checkpoint entry `principal` is
   * recorded as making (see `AuditRepository.purgeBefore`). Returns how many entries were removed.
   */
  purge(principal: Principal | null = null, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * 86_400_000).toISOString();
    return this.entries.purgeBefore(cutoff, (event) => this.contentFor(principal, event));
  }

  /** Entries for a data-protection officer, oldest first, as JSON Lines; records that it was exported. */
  async *exportLines(principal: Principal | null, filter: AuditFilter): AsyncGenerator<string> {
    const organisation = filter.organisation ?? null;
    await this.record(principal, { action: 'audit.export', targetType: 'organisation', ...(organisation ? { targetId: organisation } : {}), details: { organisation, from: filter.from ?? null, to: filter.to ?? null } });
    let afterId = 0;
    for (;;) {
      const page = await this.entries.page(afterId, PAGE, filter);
      for (const row of page) yield `${JSON.stringify(exportedEntry(row))}\n`;
      if (page.length < PAGE) return;
      afterId = page[page.length - 1]!.id;
    }
  }

  list(filter: AuditFilter, limit: number, offset: number): Promise<{ total: number; items: AuditEntryView[] }> {
    return this.entries.newest(filter, limit, offset);
  }

  private contentFor(principal: Principal | null, event: AuditEvent): AuditContent {
    const scope = currentAuditScope();
    const actorKind: ActorKind = !scope ? 'cli' : !principal ? 'anonymous' : principal.via === 'token' ? 'token' : 'user';
    return {
      at: new Date().toISOString(),
      actorKind,
      actorUserId: principal?.userId ?? null,
      actorTokenId: principal?.tokenId ?? null,
      actorName: event.actorName ?? principal?.displayName ?? null,
      clientAddress: scope?.clientAddress ?? null,
      organisationId: principal?.organisationId ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      details: JSON.stringify(event.details ?? {}),
      outcome: event.outcome ?? 'success',
    };
  }

  /** Appends what was recorded meanwhile, in one transaction; each caller learns whether it was stored. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      const contents = batch.map((item) => item.content);
      if (!this.entries.appendAtOnce(contents)) await this.entries.append(contents);
      for (const item of batch) item.stored();
    } catch (error) {
      for (const item of batch) item.failed(error);
    }
  }
}

/** An entry as the export and the API show it: readable names, details as an object, the hashes kept for checking. */
export function exportedEntry(row: AuditEntryView) {
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind as ActorKind, userId: row.actor_user_id, tokenId: row.actor_token_id, name: row.actor_name, clientAddress: row.client_address },
    organisation: row.organisation_slug,
    action: row.action as AuditAction,
    target: row.target_type === null ? null : { type: row.target_type, id: row.target_id },
    details: JSON.parse(row.details) as Record<string, unknown>,
    outcome: row.outcome as AuditOutcome,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
