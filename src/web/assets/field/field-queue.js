// The field app's queue of assessments: kept in a storage (IndexedDB on the phone, memory in tests
// and the benchmark), sent when the network allows, never lost. The same module runs in the browser
// and in Node (tests, bench/emergency/offline-queue.ts): it touches no DOM and no IndexedDB itself.
// Types: field-queue.d.ts.

/** States an item goes through; `sign-in` and `failed` wait for the user, `pending` for the network. */
export const STATES = ['pending', 'sending', 'failed', 'sign-in', 'sent'];

/**
 * Back-off after a network error or a 5xx: 2 s, 4 s, 8 s… capped at 5 minutes. Short first retries
 * because a phone's network often comes back within seconds; the cap keeps a long outage from
 * pushing the next try past the time someone is looking at the screen.
 */
export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 5 * 60_000;
/**
 * Items sent at once. Two: while the server processes one assessment's photos (about a second per
 * photo on a loaded two-core server), the next one's upload uses the link; one at a time leaves
 * one of the two idle, more would only split the phone's uplink.
 */
export const SENDING_AT_ONCE = 2;
/** Sent items stay listed (with their link, without their photos) so the assessor sees what arrived. */
export const SENT_KEPT = 20;

export function retryDelay(attempts, retryAfterSeconds) {
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  const asked = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1_000 : 0;
  return Math.max(backoff, Math.min(asked, MAX_RETRY_MS));
}

/**
 * What an answer means for the item: sent (2xx), retry later (network error, 408, 425, 429, 5xx: the
 * server did not keep it, or may have — the same Idempotency-Key makes the replay safe), sign in
 * again (401, 403: the session or its token expired while offline; the item waits for a new session),
 * or refused (any other 4xx: the server will refuse it again until the assessor edits it).
 */
export function classify(status) {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'sent';
  if (status === 401 || status === 403) return 'sign-in';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

/** The server's reason in a problem document (RFC 9457): its detail and each field's message. */
export function problemReason(body) {
  if (!body || typeof body !== 'object') return '';
  const fields = Array.isArray(body.errors) ? body.errors.map((issue) => `${issue.field}: ${issue.message}`) : [];
  return [body.detail, ...fields].filter(Boolean).join(' — ');
}

/** A storage that forgets on reload: for tests and the benchmark (the phone uses field-idb.js). */
export function memoryStorage() {
  const items = new Map();
  return {
    async all() {
      return [...items.values()].map((item) => structuredClone(item));
    },
    async put(item) {
      items.set(item.key, structuredClone(item));
    },
    async delete(key) {
      items.delete(key);
    },
  };
}

/**
 * Sends an item as the API wants it: multipart with the `assessment` JSON part and one `photos` part
 * per photo, `Idempotency-Key` the key made when the item was queued. `headers()` adds the
 * credentials (the session's CSRF token on the phone, a bearer token in the benchmark).
 */
export function httpSender({ baseUrl = '', headers = () => ({}), fetch: doFetch = globalThis.fetch }) {
  return async (item) => {
    const form = new FormData();
    form.append('assessment', JSON.stringify({ ...item.submission, placeVersion: item.placeVersion }));
    for (const photo of item.photos) form.append('photos', photo.blob, photo.name);
    let response;
    try {
      response = await doFetch(`${baseUrl}/api/v1/heritage-places/${encodeURIComponent(item.placeId)}/assessments`, {
        method: 'POST',
        body: form,
        credentials: 'same-origin',
        headers: { 'Idempotency-Key': item.key, Accept: 'application/json', ...headers() },
      });
    } catch (error) {
      return { status: undefined, body: undefined, reason: error instanceof Error ? error.message : String(error) };
    }
    const body = await response.json().catch(() => undefined);
    return { status: response.status, body, retryAfter: Number(response.headers.get('Retry-After')) };
  };
}

/** What the queue keeps of a success: the assessment, and whether the place changed meanwhile. */
function sentResult(body) {
  const assessment = body?.assessment ?? body ?? {};
  return { assessmentId: assessment.id === undefined ? undefined : String(assessment.id), conflict: Boolean(body?.conflict), warnings: Array.isArray(body?.warnings) ? body.warnings.map((warning) => (warning?.field ? `${warning.field}: ${warning.message}` : String(warning))) : [] };
}

export class FieldQueue {
  #storage;
  #send;
  #now;
  #newKey;
  #onChange;
  #draining = undefined;

  constructor({ storage, send, now = () => Date.now(), newKey = () => crypto.randomUUID(), onChange = () => {} }) {
    this.#storage = storage;
    this.#send = send;
    this.#now = now;
    this.#newKey = newKey;
    this.#onChange = onChange;
  }

  /** Oldest first. An item left `sending` by a closed page is pending again: its replay is safe. */
  async list() {
    const items = await this.#storage.all();
    return items.map((item) => (item.state === 'sending' && !this.#draining ? { ...item, state: 'pending' } : item)).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Keeps a submission made on the phone; its Idempotency-Key is made now, once. */
  async enqueue({ placeId, placeName = '', placeVersion, submission, photos = [] }) {
    const item = { key: this.#newKey(), placeId: String(placeId), placeName, placeVersion, submission, photos, state: 'pending', reason: '', attempts: 0, nextAttemptAt: 0, createdAt: this.#now(), result: undefined };
    await this.#save(item);
    return item;
  }

  /** An edited submission is another request: it gets a new key (the old one named what was refused). */
  async edit(key, submission) {
    const item = await this.#find(key);
    await this.#storage.delete(key);
    const edited = { ...item, key: this.#newKey(), submission, state: 'pending', reason: '', attempts: 0, nextAttemptAt: 0 };
    await this.#save(edited);
    return edited;
  }

  async discard(key) {
    await this.#storage.delete(key);
    this.#onChange();
  }

  /**
   * Sends every item that is due, oldest first, SENDING_AT_ONCE at a time. `force` ignores back-off
   * and retries items waiting for a sign-in ("send now", a page loaded with a new session).
   * Concurrent calls share one run.
   */
  drain({ force = false } = {}) {
    this.#draining ??= this.#drainOnce(force).finally(() => (this.#draining = undefined));
    return this.#draining;
  }

  /** When the next retry is due (ms since epoch), or undefined when nothing waits for the network. */
  async nextAttemptAt() {
    const waiting = (await this.list()).filter((item) => item.state === 'pending');
    return waiting.length === 0 ? undefined : Math.min(...waiting.map((item) => item.nextAttemptAt));
  }

  async #drainOnce(force) {
    const due = (await this.#storage.all())
      .filter((item) => item.state === 'pending' || item.state === 'sending' || (force && item.state === 'sign-in'))
      .filter((item) => force || item.nextAttemptAt <= this.#now())
      .sort((a, b) => a.createdAt - b.createdAt);
    let sent = 0;
    const worker = async () => {
      for (let item = due.shift(); item; item = due.shift()) if (await this.#sendOne(item)) sent += 1;
    };
    await Promise.all(Array.from({ length: SENDING_AT_ONCE }, worker));
    await this.#pruneSent();
    return sent;
  }

  async #sendOne(item) {
    await this.#save({ ...item, state: 'sending' });
    const answer = await this.#send(item);
    const attempts = item.attempts + 1;
    switch (classify(answer.status)) {
      case 'sent':
        // The photos are on the server now: the phone's storage is freed of them.
        await this.#save({ ...item, photos: [], state: 'sent', reason: '', attempts, result: sentResult(answer.body), sentAt: this.#now() });
        return true;
      case 'refused':
        await this.#save({ ...item, state: 'failed', reason: problemReason(answer.body) || `HTTP ${answer.status}`, attempts });
        return false;
      case 'sign-in':
        await this.#save({ ...item, state: 'sign-in', reason: problemReason(answer.body), attempts });
        return false;
      case 'retry':
        await this.#save({ ...item, state: 'pending', reason: problemReason(answer.body) || answer.reason || `HTTP ${answer.status}`, attempts, nextAttemptAt: this.#now() + retryDelay(attempts, answer.retryAfter) });
        return false;
    }
  }

  async #pruneSent() {
    const sent = (await this.list()).filter((item) => item.state === 'sent').sort((a, b) => b.sentAt - a.sentAt);
    for (const old of sent.slice(SENT_KEPT)) await this.#storage.delete(old.key);
  }

  async #find(key) {
    const item = (await this.#storage.all()).find((candidate) => candidate.key === key);
    if (!item) throw new Error(`No queued assessment ${key}.`);
    return item;
  }

  async #save(item) {
    await this.#storage.put(item);
    this.#onChange();
  }
}
