/**
 * Runs `catchUp` (an in-memory index reading what was committed since it last looked) for callers
 * who need everything committed before they called: one run at a time, and a caller arriving during
 * a run gets the next one, not the current one, which may have read the state before the caller's
 * change (an identification right after an index rebuild found nothing on a loaded machine).
 * Callers arriving during one run share the next. The first caller's argument is the run's.
 */
export function serialCatchUp<A extends unknown[]>(catchUp: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (args: A): Promise<void> =>
    (running = catchUp(...args).finally(() => {
      running = undefined;
    }));
  return (...args) => {
    if (!running) return start(args);
    const after = () => {
      next = undefined;
      // Someone may have started a run between the end of the last and this.
      return running ?? start(args);
    };
    next ??= running.then(after, after);
    return next;
  };
}
