/**
 * The action's publish settings (mode, policy path, branch, labels, reviewers, fail-on,
 * max-unused, comment author, token) from the raw inputs, with the same parsers as the analysis
 * settings. The runner's side (reading `INPUT_*`, the event payload) is `src/inputs.ts`.
 */
import type { PrincipalType } from '../activity/principal.js';
import type { FailOn } from '../publish/check.js';
import {
  defaultModes,
  GROUPINGS,
  MODES,
  type Grouping,
  type Mode,
  type PublishSettings,
} from '../publish/publish.js';
import { UserError } from '../util/errors.js';
import { nonEmpty, parseEnum, parseList, parseWholeNumber } from './parse.js';

/** Raw values of the publish inputs, as the runner gives them (undefined when empty). */
export interface RawPublishSettings {
  mode?: string;
  policyPath?: string;
  branch?: string;
  labels?: string;
  reviewers?: string;
  failOn?: string;
  maxUnused?: string;
  commentAuthor?: string;
  token?: string;
  grouping?: string;
}

export const PUBLISH_INPUT_NAMES: { [K in keyof RawPublishSettings]-?: string } = {
  mode: 'mode',
  policyPath: 'policy-path',
  branch: 'pull-request-branch',
  labels: 'labels',
  reviewers: 'reviewers',
  failOn: 'fail-on',
  maxUnused: 'max-unused',
  commentAuthor: 'comment-author',
  token: 'github-token',
  grouping: 'pull-request-grouping',
};

const FAIL_ON: readonly FailOn[] = ['unused', 'denied', 'drift'];
const N = PUBLISH_INPUT_NAMES;

/**
 * What `{principal}` stands for in a policy path or branch: `<role>`, `users/<user>`,
 * `permission-sets/<permission set>`.
 */
function principalPathName(principal: { type: PrincipalType; name: string }): string {
  if (principal.type === 'user') return `users/${principal.name}`;
  if (principal.type === 'permission-set') return `permission-sets/${principal.name}`;
  return principal.name;
}

/** A principal's policy file and pull-request branch, from the settings' templates. */
export function targetOf(
  settings: Pick<PublishSettings, 'policyPath' | 'branch'>,
  principal: { type: PrincipalType; name: string },
): { policyPath: string; branch: string } {
  const named = principalPathName(principal);
  return {
    policyPath: settings.policyPath.replaceAll(PLACEHOLDER, named),
    branch: settings.branch.replaceAll(PLACEHOLDER, named),
  };
}

const PLACEHOLDER = '{principal}';

/**
 * The publish settings for the principals (a principal's name makes the default policy file
 * and branch: `iam/<role>.json`, `iam/users/<user>.json`; in a fleet `policy-path` and a
 * per-principal `pull-request-branch` are templates holding `{principal}`) and the event that
 * started the run (which decides the default modes).
 */
export function buildPublishSettings(
  raw: RawPublishSettings,
  principals: readonly { type: PrincipalType; name: string }[],
  eventName: string,
  fleet: boolean = principals.length > 1,
): PublishSettings & { token: string } {
  const grouping = nonEmpty(raw.grouping)
    ? parseEnum(raw.grouping, GROUPINGS, N.grouping, 'grouping')
    : 'per-principal';
  const paths = {
    policyPath: (raw.policyPath ?? `iam/${PLACEHOLDER}.json`).replace(/^\.?\/+/, ''),
    branch:
      raw.branch ?? `iam-policy-drift/${fleet && grouping === 'single' ? 'fleet' : PLACEHOLDER}`,
  };
  if (fleet) checkTemplates(paths, grouping, principals);
  // A permission set given by ARN is named at the edge: its paths are resolved then.
  const resolved = fleet || principals[0]!.name === '' ? paths : targetOf(paths, principals[0]!);
  const modes: Mode[] = nonEmpty(raw.mode)
    ? [
        ...new Set(
          parseList(raw.mode).map((m) => parseEnum(m, MODES, N.mode, 'mode', ', comma-separated')),
        ),
      ]
    : defaultModes(eventName);
  const failOn = parseList(raw.failOn ?? 'unused').map((item) =>
    parseEnum(item, FAIL_ON, N.failOn, 'condition', ', comma-separated'),
  );
  const token = raw.token ?? '';
  if (token === '' && modes.some((m) => m === 'comment' || m === 'pull-request')) {
    throw new UserError(
      `${N.token} is empty: modes ${modes.join(',')} need a token (the default is the job's github.token)`,
    );
  }
  return {
    modes,
    policyPath: resolved.policyPath,
    branch: resolved.branch,
    grouping,
    labels: parseList(raw.labels),
    reviewers: parseList(raw.reviewers),
    failOn,
    maxUnused: parseWholeNumber(raw.maxUnused ?? '0', N.maxUnused),
    ...(raw.commentAuthor !== undefined ? { commentAuthor: raw.commentAuthor } : {}),
    token,
  };
}

/**
 * In a fleet every principal needs its own policy file (and, per principal, its own branch):
 * the templates must hold `{principal}`, and no two principals may share a file.
 */
function checkTemplates(
  paths: { policyPath: string; branch: string },
  grouping: Grouping,
  principals: readonly { type: PrincipalType; name: string }[],
): void {
  if (!paths.policyPath.includes(PLACEHOLDER)) {
    throw new UserError(
      `${N.policyPath}: "${paths.policyPath}" is one file, and this run analyses several principals; give a path holding ${PLACEHOLDER} (each principal's name), e.g. iam/${PLACEHOLDER}.json`,
    );
  }
  if (grouping === 'per-principal' && !paths.branch.includes(PLACEHOLDER)) {
    throw new UserError(
      `${N.branch}: "${paths.branch}" is one branch, and each principal gets its own pull request; give a branch holding ${PLACEHOLDER}, or ${N.grouping}: single`,
    );
  }
  const owners = new Map<string, string>();
  for (const principal of principals) {
    // A permission set given by ARN has its name only at the edge.
    if (principal.name === '') continue;
    const path = targetOf(paths, principal).policyPath;
    const other = owners.get(path);
    if (other !== undefined) {
      throw new UserError(
        `${N.policyPath}: ${other} and ${principal.type} ${principal.name} would share ${path}; analyse principals of the same name in separate runs`,
      );
    }
    owners.set(path, `${principal.type} ${principal.name}`);
  }
}
