/**
 * The shape of a narrowed statement: the kept actions as an `Action` list or as a `NotAction`
 * list, each written with wildcards where a wildcard names exactly what it should.
 *
 * Wildcards end at a word boundary of the action name (`s3:GetObject*`, `dynamodb:Describe*`,
 * `sqs:*`), never mid-word (`s3:GetObjectV*`), so that a reviewer reads them as IAM users write
 * them. In an `Action` list a wildcard is used only where every catalogue action it matches is
 * kept (so it grants no catalogue action the statement did not grant today); in a `NotAction`
 * list only where every catalogue action it matches is excluded (it can only narrow).
 */
import { type Catalogue } from '../mapping/catalogue.js';
import { byAction } from '../util/order.js';

/** `GetObjectVersion` → [`Get`, `GetObject`]: the name's proper word prefixes. */
function wordPrefixes(name: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < name.length; i++) {
    const c = name[i]!;
    const previous = name[i - 1]!;
    // A new word starts at an uppercase letter after a lowercase letter or digit.
    if (c >= 'A' && c <= 'Z' && !(previous >= 'A' && previous <= 'Z')) out.push(name.slice(0, i));
  }
  return out;
}

/**
 * The members of `chosen` (canonical catalogue actions, all of one service or several) written
 * as few patterns as the rule above allows: `svc:*` when the whole service is chosen, else per
 * action the shortest word prefix whose every catalogue match is chosen (when it matches at
 * least two actions), else the action itself. Sorted.
 */
export function compressActions(catalogue: Catalogue, chosen: Iterable<string>): string[] {
  const byService = new Map<string, Set<string>>();
  for (const action of chosen) {
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    let set = byService.get(service);
    if (!set) byService.set(service, (set = new Set()));
    set.add(action.toLowerCase());
  }
  const patterns: string[] = [];
  for (const [service, set] of byService) {
    const all = catalogue.serviceActions(service);
    if (all.length > 0 && all.every((a) => set.has(a.toLowerCase()))) {
      patterns.push(`${service}:*`);
      continue;
    }
    const names = all.map((a) => a.slice(service.length + 1));
    const covered = new Set<string>();
    const matchCache = new Map<string, string[]>();
    const matches = (prefix: string): string[] => {
      const key = prefix.toLowerCase();
      let found = matchCache.get(key);
      if (found === undefined) {
        found = names.filter((n) => n.toLowerCase().startsWith(key));
        matchCache.set(key, found);
      }
      return found;
    };
    for (const name of names) {
      const key = `${service}:${name}`.toLowerCase();
      if (!set.has(key) || covered.has(key)) continue;
      let pattern = `${service}:${name}`;
      for (const prefix of [...wordPrefixes(name), name]) {
        const matched = matches(prefix);
        if (matched.length >= 2 && matched.every((n) => set.has(`${service}:${n}`.toLowerCase()))) {
          pattern = `${service}:${prefix}*`;
          for (const n of matched) covered.add(`${service}:${n}`.toLowerCase());
          break;
        }
      }
      covered.add(key);
      patterns.push(pattern);
    }
  }
  return [...new Set(patterns)].sort(byAction);
}

/** Every catalogue action not in `kept`, compressed (for a `NotAction` list). */
export function compressComplement(catalogue: Catalogue, kept: ReadonlySet<string>): string[] {
  const excluded: string[] = [];
  for (const service of catalogue.allServices()) {
    for (const action of catalogue.serviceActions(service)) {
      if (!kept.has(action.toLowerCase())) excluded.push(action);
    }
  }
  return compressActions(catalogue, excluded);
}
