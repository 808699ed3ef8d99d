/**
 * Resource scoping of the proposal (`resource-scope`): which ARN patterns each used action is
 * narrowed to, from the resources its calls acted on (mapping/action-usage.ts).
 *
 * - `keep`: today's `Resource` stays (no scoping).
 * - `observed`: the ARNs the action was used on, generalised: an S3 object to its bucket and the
 *   first segment of its key (`arn:aws:s3:::docs/invoices/*`); more than `maxArns` ARNs that
 *   differ only in their last name segment to that segment's wildcard.
 * - `account`: the resource names wildcarded within the partitions, regions and accounts seen
 *   (`arn:aws:dynamodb:eu-west-1:111122223333:table/*`); S3 keeps bucket names (they are not
 *   in any account's namespace): `arn:aws:s3:::docs/*`.
 *
 * An action keeps today's `Resource` when it has no resource type, was not used (unknown or on
 * the keep-list), no ARN of its calls was found, or more resources were seen than kept; the
 * reason is returned. A character of an ARN that a pattern would read as a wildcard or a
 * variable (`*`, `?`, `$`) ends it with `*`. Pure.
 */
import type { ActionUsage } from '../mapping/action-usage.js';
import type { Catalogue } from '../mapping/catalogue.js';
import { arnPatternCovers } from '../evaluate/wildcard.js';

export type ResourceScopeMode = 'keep' | 'observed' | 'account';
export const RESOURCE_SCOPE_MODES: readonly ResourceScopeMode[] = ['keep', 'observed', 'account'];
export const DEFAULT_SCOPE_MAX_ARNS = 10;

export interface ScopeOptions {
  mode: ResourceScopeMode;
  /** `observed`: more ARNs than this of one shape become a wildcard. */
  maxArns: number;
}

/** Why an action keeps today's `Resource`. */
export type UnscopedReason = 'no-resource-type' | 'no-arn-found' | 'too-many-resources';

export interface ActionScope {
  /** The patterns the action is scoped to, sorted; empty when it is not scoped. */
  patterns: string[];
  /** Why it is not scoped (when `patterns` is empty). */
  reason?: UnscopedReason;
}

/** The scope of each used action (count > 0), by canonical action name. */
export function scopesOf(
  catalogue: Catalogue,
  usage: readonly ActionUsage[],
  options: ScopeOptions,
): Map<string, ActionScope> {
  const scopes = new Map<string, ActionScope>();
  if (options.mode === 'keep') return scopes;
  for (const u of usage) {
    if (u.count === 0) continue;
    const entry = catalogue.lookupAction(u.action);
    if (entry === undefined || entry.resourceTypes.length === 0) {
      scopes.set(u.action, { patterns: [], reason: 'no-resource-type' });
    } else if ((u.otherResources ?? 0) > 0) {
      scopes.set(u.action, { patterns: [], reason: 'too-many-resources' });
    } else if (u.resources === undefined || u.resources.length === 0) {
      scopes.set(u.action, { patterns: [], reason: 'no-arn-found' });
    } else {
      const arns = u.resources.map((r) => r.arn);
      scopes.set(u.action, {
        patterns: options.mode === 'observed' ? observed(arns, options.maxArns) : accountWide(arns),
      });
    }
  }
  return scopes;
}

/** The ARN's fields: the five before the resource, and the resource part. */
function fields(arn: string): { head: string; service: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    head: `${parts.slice(0, 5).join(':')}:`,
    service: parts[2]!,
    resource: parts.slice(5).join(':'),
  };
}

/** An ARN as a pattern that names it (or more): cut with `*` where it holds `*`, `?` or `$`. */
export function literalOrCut(arn: string): string {
  const at = arn.search(/[*?$]/);
  return at === -1 ? arn : `${arn.slice(0, at)}*`;
}

function observed(arns: readonly string[], maxArns: number): string[] {
  const patterns = new Set<string>();
  for (const arn of arns) {
    const f = fields(arn);
    if (f !== undefined && f.service === 's3' && f.resource.includes('/')) {
      const [bucket, ...key] = f.resource.split('/');
      const first = key.length > 1 ? `${key[0]}/` : '';
      patterns.add(literalOrCut(`${f.head}${bucket}/${first}`).replace(/\*?$/, '*'));
    } else {
      patterns.add(literalOrCut(arn));
    }
  }
  // More than maxArns of one shape (the same ARN but for the last name segment): a wildcard.
  const shapes = new Map<string, string[]>();
  for (const pattern of patterns) {
    const cut = Math.max(pattern.lastIndexOf('/'), pattern.lastIndexOf(':'));
    const shape = pattern.slice(0, cut + 1);
    shapes.set(shape, [...(shapes.get(shape) ?? []), pattern]);
  }
  const out: string[] = [];
  for (const [shape, members] of shapes) {
    if (members.length > maxArns) out.push(`${shape}*`);
    else out.push(...members);
  }
  return minimal(out);
}

function accountWide(arns: readonly string[]): string[] {
  const out: string[] = [];
  for (const arn of arns) {
    const f = fields(arn);
    if (f === undefined) continue;
    if (f.service === 's3') {
      const bucket = f.resource.split('/')[0]!;
      out.push(
        literalOrCut(f.resource.includes('/') ? `${f.head}${bucket}/*` : `${f.head}${bucket}`),
      );
      continue;
    }
    const separator = f.resource.search(/[/:]/);
    out.push(
      literalOrCut(
        separator === -1 ? `${f.head}*` : `${f.head}${f.resource.slice(0, separator + 1)}*`,
      ),
    );
  }
  return minimal(out);
}

/** Without repeats and without patterns another one covers, sorted. */
function minimal(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)].sort();
  return unique.filter(
    (p) => !unique.some((q) => q !== p && arnPatternCovers(q, p) && !arnPatternCovers(p, q)),
  );
}
