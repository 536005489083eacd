/**
 * What processes serving the same database tell each other after a commit, so that what each keeps
 * in memory follows the others' writes: the partner directory (and the pages cached from it), the
 * identification index, the published Red Lists.
 */
export type ChangeTopic = 'partners' | 'identify-index' | 'red-lists';

/**
 * A change on a topic, or `resync`: the feed was cut off (a dropped connection) and changes may have
 * been missed meanwhile, so whatever depends on the topic must be read again.
 */
export type ChangeEvent = { kind: 'change'; payload: string } | { kind: 'resync' };

export type ChangeHandler = (event: ChangeEvent) => void;

export interface ChangeFeed {
  /** Tells every process (this one included) that `topic` changed; called after the change is committed. */
  publish(topic: ChangeTopic, payload?: string): Promise<void>;
  /** Calls `handler` on each change of `topic`; returns the unsubscription. */
  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void;
  close(): Promise<void>;
}

/** The subscribers of each topic, and their calls: a handler that throws does not stop the others. */
export class ChangeHandlers {
  private readonly handlers = new Map<ChangeTopic, Set<ChangeHandler>>();

  constructor(private readonly onHandlerError: (topic: ChangeTopic, error: unknown) => void) {}

  add(topic: ChangeTopic, handler: ChangeHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  deliver(topic: ChangeTopic, event: ChangeEvent): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(event);
      } catch (error) {
        this.onHandlerError(topic, error);
      }
    }
  }

  /** Every topic must be read again (see ChangeEvent). */
  resyncAll(): void {
    for (const topic of this.handlers.keys()) this.deliver(topic, { kind: 'resync' });
  }
}

/**
 * The feed of one process (the SQLite engine): only one server writes a SQLite file's registry; the
 * other processes on it (an import, an index rebuild) are read by what keeps state through
 * versions stored in the database (the index generation, the visibility version).
 */
export class InProcessChangeFeed implements ChangeFeed {
  private readonly handlers: ChangeHandlers;

  constructor(onHandlerError: (topic: ChangeTopic, error: unknown) => void = () => undefined) {
    this.handlers = new ChangeHandlers(onHandlerError);
  }

  publish(topic: ChangeTopic, payload = ''): Promise<void> {
    this.handlers.deliver(topic, { kind: 'change', payload });
    return Promise.resolve();
  }

  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void {
    return this.handlers.add(topic, handler);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
