/** Bounded concurrency for AWS calls, keeping the input order of results. */

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Applies `fn` to every item with at most `concurrency` calls in flight, yielding results in
 * the order of `items`. A rejection is thrown when its turn comes; calls already started keep
 * running but their results are dropped. Stopping the iteration early starts no new call.
 */
export async function* mapOrdered<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const limit = Math.max(1, Math.floor(concurrency));
  const pending: Promise<Settled<R>>[] = [];
  let next = 0;
  const start = (): void => {
    const index = next;
    next += 1;
    const item = items[index] as T;
    pending.push(
      Promise.resolve()
        .then(() => fn(item, index))
        .then(
          (value): Settled<R> => ({ ok: true, value }),
          (error: unknown): Settled<R> => ({ ok: false, error }),
        ),
    );
  };
  while (next < items.length && pending.length < limit) start();
  for (let head = pending.shift(); head !== undefined; head = pending.shift()) {
    const settled = await head;
    if (next < items.length) start();
    if (!settled.ok) throw settled.error;
    yield settled.value;
  }
}

/** Like `Promise.all(items.map(fn))` with at most `concurrency` calls in flight. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for await (const result of mapOrdered(items, concurrency, fn)) results.push(result);
  return results;
}
