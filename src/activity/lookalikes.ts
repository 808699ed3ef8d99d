import { decodeLogBytes, parseLogText } from './scan/parse.js';
import {
  callerOf,
  principalNeedle,
  SSO_ROLE_PREFIX,
  type Caller,
  type PrincipalRef,
} from './principal.js';
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
 * Files to sample if a principal turns out never to appear: the first files listed, those of
 * the principals' own accounts first (when their ARNs name them). Kept as the listing goes, in
 * listing order.
 */
export class SampleKeys {
  private readonly own: LogObject[] = [];
  private readonly rest: LogObject[] = [];
  private readonly accounts: Set<string>;

  constructor(principals: readonly PrincipalRef[]) {
    this.accounts = new Set(principals.flatMap((p) => (p.kind === 'arn' ? [p.account] : [])));
  }

  offer(object: LogObject): void {
    if (this.own.length >= SAMPLED_FILES) return;
    const account = this.accounts.size > 0 ? placeLogFile(object.key)?.account : undefined;
    if (account !== undefined && this.accounts.has(account)) {
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
 * The callers of a few files read again whole: only read when a principal made no call at
 * all, so their cost does not matter.
 */
export async function sampledCallers(
  source: ActivitySource,
  sample: readonly LogObject[],
  maxFileBytes = Infinity,
): Promise<Caller[]> {
  const callers = new Map<string, Caller>();
  for (const object of sample) {
    let records;
    try {
      records = parseLogText(decodeLogBytes(await source.read(object), maxFileBytes));
    } catch {
      continue; // counted when it was read the first time
    }
    for (const record of records) {
      const caller = callerOf(record);
      if (caller && !callers.has(caller.arn)) callers.set(caller.arn, caller);
    }
  }
  return [...callers.values()];
}

/**
 * The roles (or users) most like the one asked for, among those the trail shows: callers
 * whose records mention its name (`nearMisses`, found while reading, of any type), and the
 * callers of its type in the sampled files (of its account when it has one). Ordered by how
 * close their names are, then by ARN.
 */
export function lookalikes(
  principal: PrincipalRef,
  nearMisses: Iterable<string>,
  sampled: readonly Caller[],
): string[] {
  const seen = new Set<string>(nearMisses);
  // A permission set's look-alikes are the roles of other permission sets.
  const ofSet = principal.type === 'permission-set';
  for (const caller of sampled) {
    if (ofSet ? !caller.name.startsWith(SSO_ROLE_PREFIX) : caller.type !== principal.type) continue;
    if (
      principal.kind === 'arn' &&
      caller.account !== principal.account &&
      !caller.name.includes(principal.name)
    )
      continue;
    seen.add(caller.arn);
  }
  const name = principalNeedle(principal).toLowerCase();
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
