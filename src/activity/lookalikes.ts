import { decodeLogBytes, parseLogText } from './scan/parse.js';
import { callerOf, type PrincipalRef } from './principal.js';
import type { ActivitySource, LogObject } from './types.js';
import { placeLogFile } from './sources/layout.js';
import { byCodeUnits } from '../util/order.js';

/**
 * Files read again, whole, to find which roles (or users) the trail holds when the principal is
 * never seen.
 */
export const SAMPLED_FILES = 12;
/** Principals named at most. */
const MAX_NAMED = 5;

/**
 * Files to sample if the principal turns out never to appear: the first files listed, those of
 * its own account first (when its ARN names one). Kept as the listing goes, in listing order.
 */
export class SampleKeys {
  private readonly own: LogObject[] = [];
  private readonly rest: LogObject[] = [];

  constructor(private readonly principal: PrincipalRef) {}

  offer(object: LogObject): void {
    if (this.own.length >= SAMPLED_FILES) return;
    const account = this.principal.kind === 'arn' ? this.principal.account : undefined;
    if (account !== undefined && placeLogFile(object.key)?.account === account) {
      this.own.push(object);
    } else if (this.rest.length < SAMPLED_FILES) {
      this.rest.push(object);
    }
  }

  get objects(): LogObject[] {
    return [...this.own, ...this.rest].slice(0, SAMPLED_FILES);
  }
}

/**
 * The roles (or users) most like the one asked for, among those the trail shows: principals
 * whose records mention its name (`nearMisses`, found while reading), and the principals of its
 * type in a few files read again whole (of its account when it has one). Ordered by how close
 * their names are, then by ARN. Only called when the principal made no call at all, so its cost
 * does not matter.
 */
export async function lookalikes(
  source: ActivitySource,
  principal: PrincipalRef,
  nearMisses: Iterable<string>,
  sample: readonly LogObject[],
  maxFileBytes = Infinity,
): Promise<string[]> {
  const seen = new Set<string>(nearMisses);
  for (const object of sample) {
    let records;
    try {
      records = parseLogText(decodeLogBytes(await source.read(object), maxFileBytes));
    } catch {
      continue; // counted when it was read the first time
    }
    for (const record of records) {
      const caller = callerOf(record);
      if (caller?.type !== principal.type) continue;
      if (
        principal.kind === 'arn' &&
        caller.account !== principal.account &&
        !caller.name.includes(principal.name)
      )
        continue;
      seen.add(caller.arn);
    }
  }
  const name = principal.name.toLowerCase();
  return [...seen]
    .map((arn) => ({ arn, distance: editDistance(name, arnName(arn).toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || byCodeUnits(a.arn, b.arn))
    .slice(0, MAX_NAMED)
    .map((entry) => entry.arn);
}

function arnName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Levenshtein distance: the fewest edits from one name to the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
