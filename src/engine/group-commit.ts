/**
 * Group commit: calls made while one batch is being written wait and go together in the next
 * batch (one store call for many), so a caller still waits until its own item is durable, but
 * many concurrent callers cost one round trip. A batch fails as a whole.
 *
 * @example
 * const settle = groupCommit((items: Entry[]) => setSettings(store, items).then(() => items.map(() => undefined)));
 * await settle(entry); // durable here
 */
export function groupCommit<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch = 512): (item: T) => Promise<R> {
  let queue: { item: T; resolve(r: R): void; reject(e: unknown): void }[] = [];
  let busy = false;
  const kick = async (): Promise<void> => {
    if (busy || queue.length === 0) return;
    busy = true;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    try {
      const results = await run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i] as R));
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      busy = false;
      void kick();
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Items arriving in the same turn of the event loop join this batch.
      if (!busy && queue.length === 1) setImmediate(() => void kick());
    });
}
