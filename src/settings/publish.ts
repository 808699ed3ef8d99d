/**
 * The action's publish settings (mode, policy path, branch, labels, reviewers, fail-on,
 * max-unused, comment author, token) from the raw inputs, with the same parsers as the analysis
 * settings. The runner's side (reading `INPUT_*`, the event payload) is `src/inputs.ts`.
 */
import type { PrincipalType } from '../activity/principal.js';
import type { FailOn } from '../publish/check.js';
import { defaultModes, MODES, type Mode, type PublishSettings } from '../publish/publish.js';
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
};

const FAIL_ON: readonly FailOn[] = ['unused', 'denied', 'drift'];
const N = PUBLISH_INPUT_NAMES;

/**
 * The publish settings for a principal (its name makes the default policy file and branch:
 * `iam/<role>.json`, `iam/users/<user>.json`) and the event that started the run (which decides
 * the default modes).
 */
export function buildPublishSettings(
  raw: RawPublishSettings,
  principal: { type: PrincipalType; name: string },
  eventName: string,
): PublishSettings & { token: string } {
  const named = principal.type === 'user' ? `users/${principal.name}` : principal.name;
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
    policyPath: (raw.policyPath ?? `iam/${named}.json`).replace(/^\.?\/+/, ''),
    branch: raw.branch ?? `iam-policy-drift/${named}`,
    labels: parseList(raw.labels),
    reviewers: parseList(raw.reviewers),
    failOn,
    maxUnused: parseWholeNumber(raw.maxUnused ?? '0', N.maxUnused),
    ...(raw.commentAuthor !== undefined ? { commentAuthor: raw.commentAuthor } : {}),
    token,
  };
}
