/**
 * IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.
 *
 * - Actions are matched case-insensitively over the whole `prefix:Action` string.
 * - ARNs are matched case-sensitively, as the IAM user guide describes for the `Resource`
 *   element ("Using wildcards in resource ARNs"): wildcards work within the colon-separated
 *   segments of an ARN, and a `*` that ends a segment (followed by `:` or by the end of the
 *   pattern) may also match beyond the colons. So `arn:aws:s3:::*` and `*` match everything,
 *   `arn:aws:logs:*:*:log-group:/app/*` matches log streams too, while the `*` of
 *   `arn:aws:sqs:*:1:q-*-dlq` stays within its segment. No partition is assumed: `aws`,
 *   `aws-cn`, `aws-us-gov`... are ordinary text.
 * - In ARN patterns, `${*}`, `${?}` and `${$}` are the literal characters; any other policy
 *   variable (`${aws:username}`) depends on the request, so it matches like an in-segment `*`
 *   and {@link hasPolicyVariable} lets callers treat the match as conditional.
 *
 * Patterns are compiled once and cached. Besides matching one ARN, two patterns can be
 * compared: {@link arnPatternCovers} (every ARN of one is matched by the other; sufficient, not
 * complete) and {@link arnPatternsOverlap} (some ARN matches both; exact).
 */
import { templatePieces } from '../mapping/catalogue.js';

/** A pattern made only of `*` (usually just `*`): it matches everything. */
export function isMatchAll(pattern: string): boolean {
  return /^\*+$/.test(pattern.trim());
}

/** Whether a string holds a `*` or `?` wildcard. */
export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

const ACTION_REGEXPS = new Map<string, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The anchored, case-insensitive RegExp of an action pattern (cached). */
export function actionRegExp(pattern: string): RegExp {
  const key = pattern.trim().toLowerCase();
  let re = ACTION_REGEXPS.get(key);
  if (re === undefined) {
    const body = key
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c)))
      .join('');
    re = new RegExp(`^${body}$`, 'is');
    ACTION_REGEXPS.set(key, re);
  }
  return re;
}

/** Whether an IAM action pattern (`s3:Get*`, `iam:*Policy*`, `*`) matches an action, ignoring case. */
export function matchesAction(pattern: string, action: string): boolean {
  const p = pattern.trim();
  if (isMatchAll(p)) return true;
  if (!hasWildcard(p)) return p.toLowerCase() === action.toLowerCase();
  return actionRegExp(p).test(action);
}

/** One unit of a compiled ARN pattern. */
type Token =
  | { kind: 'char'; char: string }
  /** `*` ending a segment: any run, colons included. */
  | { kind: 'any' }
  /** `*` inside a segment, or a policy variable: any run without a colon. */
  | { kind: 'segment' }
  /** `?`: one character, not a colon. */
  | { kind: 'one' };

interface ArnPattern {
  tokens: readonly Token[];
  regexp: RegExp;
  variables: boolean;
  matchAll: boolean;
}

const ARN_PATTERNS = new Map<string, ArnPattern>();

function isStar(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'any' || token.kind === 'segment');
}

function compileArn(pattern: string): ArnPattern {
  const cached = ARN_PATTERNS.get(pattern);
  if (cached !== undefined) return cached;
  const tokens: Token[] = [];
  let variables = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === '$' && pattern.charAt(i + 1) === '{') {
      const close = pattern.indexOf('}', i + 2);
      if (close > 0) {
        const name = pattern.slice(i + 2, close).trim();
        if (name === '*' || name === '?' || name === '$') {
          tokens.push({ kind: 'char', char: name });
        } else {
          tokens.push({ kind: 'segment' });
          variables = true;
        }
        i = close + 1;
        continue;
      }
    }
    if (c === '*') {
      let j = i;
      while (pattern.charAt(j) === '*') j++;
      const next = pattern.charAt(j);
      tokens.push({ kind: next === '' || next === ':' ? 'any' : 'segment' });
      i = j;
      continue;
    }
    tokens.push(c === '?' ? { kind: 'one' } : { kind: 'char', char: c });
    i++;
  }
  const body = tokens
    .map((t) => {
      switch (t.kind) {
        case 'char':
          return escapeRegExp(t.char);
        case 'any':
          return '.*';
        case 'segment':
          return '[^:]*';
        case 'one':
          return '[^:]';
      }
    })
    .join('');
  const compiled: ArnPattern = {
    tokens,
    regexp: new RegExp(`^${body}$`, 's'),
    variables,
    matchAll: tokens.length > 0 && tokens.every((t) => t.kind === 'any'),
  };
  ARN_PATTERNS.set(pattern, compiled);
  return compiled;
}

/** Whether an ARN pattern of a `Resource` / `NotResource` element matches an ARN (case-sensitive). */
export function matchesArn(pattern: string, arn: string): boolean {
  const compiled = compileArn(pattern);
  return compiled.matchAll || compiled.regexp.test(arn);
}

/** Whether an ARN pattern matches every ARN (`*`, `**`...). */
export function isArnMatchAll(pattern: string): boolean {
  return compileArn(pattern).matchAll;
}

/** Whether an ARN pattern holds a policy variable such as `${aws:username}`. */
export function hasPolicyVariable(pattern: string): boolean {
  return compileArn(pattern).variables;
}

const TEMPLATES = new Map<string, readonly Token[]>();

/**
 * An ARN template of the IAM catalogue (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as
 * tokens: a variable is any run without a colon in the first five fields (partition, service,
 * region, account) and any run at all in the resource part, where names may hold colons. So a
 * template stands for at least every ARN of its resource type (an over-approximation: a bucket
 * name may not hold a `/`, the template lets it). A template that is not an ARN stands for
 * anything.
 */
function compileTemplate(template: string): readonly Token[] {
  const cached = TEMPLATES.get(template);
  if (cached !== undefined) return cached;
  const pieces = templatePieces(template);
  const tokens: Token[] =
    pieces === undefined
      ? [{ kind: 'any' }]
      : pieces.flatMap((p): Token[] =>
          p.kind === 'name'
            ? [{ kind: p.inResource ? 'any' : 'segment' }]
            : [...p.text].map((char): Token => ({ kind: 'char', char })),
        );
  TEMPLATES.set(template, tokens);
  return tokens;
}

const TEMPLATE_OVERLAPS = new Map<string, boolean>();
const TEMPLATE_COVERS = new Map<string, boolean>();

/** Whether an ARN pattern names some ARN of a catalogue ARN template (see `compileTemplate`). */
export function templateOverlaps(pattern: string, template: string): boolean {
  const key = `${pattern}\u0000${template}`;
  let result = TEMPLATE_OVERLAPS.get(key);
  if (result === undefined) {
    const compiled = compileArn(pattern);
    result = compiled.matchAll || overlaps(compiled.tokens, compileTemplate(template));
    TEMPLATE_OVERLAPS.set(key, result);
  }
  return result;
}

/**
 * Whether an ARN pattern names every ARN of a catalogue ARN template. Sufficient, not complete,
 * as `arnPatternCovers`; a policy variable counts as the run it could be, so callers that need
 * "whatever the request" leave patterns with variables out.
 */
export function templateCovered(pattern: string, template: string): boolean {
  const key = `${pattern}\u0000${template}`;
  let result = TEMPLATE_COVERS.get(key);
  if (result === undefined) {
    const compiled = compileArn(pattern);
    result = compiled.matchAll || covers(compiled.tokens, compileTemplate(template));
    TEMPLATE_COVERS.set(key, result);
  }
  return result;
}

const COVERS = new Map<string, boolean>();
const OVERLAPS = new Map<string, boolean>();

/**
 * Whether every ARN that `specific` matches is matched by `general` too. Sufficient, not
 * complete: `true` is a proof; `false` may also mean "could not prove". Both are ARN patterns.
 */
export function arnPatternCovers(general: string, specific: string): boolean {
  const key = `${general}\u0000${specific}`;
  let result = COVERS.get(key);
  if (result === undefined) {
    const g = compileArn(general);
    result = g.matchAll || covers(g.tokens, compileArn(specific).tokens);
    COVERS.set(key, result);
  }
  return result;
}

/** Whether some ARN is matched by both patterns (exact). */
export function arnPatternsOverlap(a: string, b: string): boolean {
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let result = OVERLAPS.get(key);
  if (result === undefined) {
    const pa = compileArn(a);
    const pb = compileArn(b);
    result = pa.matchAll || pb.matchAll || overlaps(pa.tokens, pb.tokens);
    OVERLAPS.set(key, result);
  }
  return result;
}

/**
 * Memoised search over (i, j) positions of two token lists (every step advances i or j, so
 * there are no cycles); memo: 0 unknown, 1 false, 2 true.
 */
function memoised(
  n: number,
  m: number,
  step: (i: number, j: number, f: (i: number, j: number) => boolean) => boolean,
): boolean {
  const memo = new Uint8Array((n + 1) * (m + 1));
  const f = (i: number, j: number): boolean => {
    const at = i * (m + 1) + j;
    const known = memo[at];
    if (known !== undefined && known !== 0) return known === 2;
    const result = step(i, j, f);
    memo[at] = result ? 2 : 1;
    return result;
  };
  return f(0, 0);
}

/** Each token of `p` is absorbed by `g` in a way that holds for every string `p` can produce. */
function covers(g: readonly Token[], p: readonly Token[]): boolean {
  return memoised(g.length, p.length, (i, j, f) => {
    const gt = g[i];
    const pt = p[j];
    if (gt === undefined) return pt === undefined;
    if (gt.kind === 'any') return f(i + 1, j) || (pt !== undefined && f(i, j + 1));
    if (gt.kind === 'segment') {
      const colonFree =
        pt !== undefined && pt.kind !== 'any' && !(pt.kind === 'char' && pt.char === ':');
      return f(i + 1, j) || (colonFree && f(i, j + 1));
    }
    if (pt === undefined) return false;
    if (gt.kind === 'one') {
      return (pt.kind === 'one' || (pt.kind === 'char' && pt.char !== ':')) && f(i + 1, j + 1);
    }
    return pt.kind === 'char' && pt.char === gt.char && f(i + 1, j + 1);
  });
}

/** Whether a star token can produce the character(s) of a non-star token. */
function starEats(star: Token, other: Token): boolean {
  if (other.kind === 'one') return true;
  return other.kind === 'char' && (star.kind === 'any' || other.char !== ':');
}

function sameChar(a: Token, b: Token): boolean {
  if (a.kind === 'char' && b.kind === 'char') return a.char === b.char;
  if (a.kind === 'char') return a.char !== ':';
  if (b.kind === 'char') return b.char !== ':';
  return true; // one / one
}

/**
 * Non-empty intersection of two patterns. A common string can always be chosen so that no
 * character comes from both stars at once (stars accept deletions), so a star either produces
 * nothing or one character of the other side's non-star token.
 */
function overlaps(a: readonly Token[], b: readonly Token[]): boolean {
  return memoised(a.length, b.length, (i, j, f) => {
    const at = a[i];
    const bt = b[j];
    if (at === undefined && bt === undefined) return true;
    if (at !== undefined && isStar(at)) {
      if (f(i + 1, j)) return true;
      if (bt !== undefined && !isStar(bt) && starEats(at, bt) && f(i, j + 1)) return true;
    }
    if (bt !== undefined && isStar(bt)) {
      if (f(i, j + 1)) return true;
      if (at !== undefined && !isStar(at) && starEats(bt, at) && f(i + 1, j)) return true;
    }
    if (at === undefined || bt === undefined || isStar(at) || isStar(bt)) return false;
    return sameChar(at, bt) && f(i + 1, j + 1);
  });
}
