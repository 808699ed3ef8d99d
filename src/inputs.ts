import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { buildSettings, type InputNames, type RawSettings, type Settings } from './settings.js';
import {
  defaultModes,
  MODES,
  type GitHubContext,
  type Mode,
  type PublishSettings,
} from './publish/publish.js';
import { UserError, messageOf } from './util/errors.js';

/** Action inputs, read here and nowhere else. */
export interface ActionInputs {
  settings: Settings;
  /** Where the JSON report is written. */
  reportPath: string;
  publish: PublishSettings;
  github: GitHubContext & { token: string; apiUrl: string; workspace: string };
}

export const INPUT_NAMES: InputNames = {
  role: 'role-arn',
  logs: 'logs-path',
  bucket: 'trail-bucket',
  prefix: 'trail-prefix',
  organizationId: 'organization-id',
  accounts: 'accounts',
  regions: 'regions',
  trailRoleArn: 'trail-role-arn',
  pathStyle: 's3-path-style',
  maxAttempts: 'max-attempts',
  readIam: 'read-iam',
  currentPolicies: 'current-policy',
  from: 'from',
  to: 'to',
  days: 'lookback-days',
  format: 'format',
  maxFailedFiles: 'max-failed-files',
  maxFileSize: 'max-file-size',
  concurrency: 'concurrency',
  minLookbackDays: 'min-lookback-days',
  unknown: 'unknown',
  dropUnknown: 'drop-unknown',
  keepActions: 'keep-actions',
  keepSidPrefix: 'keep-sid-prefix',
  resourceScope: 'resource-scope',
  resourceScopeMaxArns: 'resource-scope-max-arns',
};

export function readInputs(env: NodeJS.ProcessEnv, now: Date): ActionInputs {
  const get = (name: string): string | undefined => {
    const value = core.getInput(name);
    return value === '' ? undefined : value;
  };
  const raw: RawSettings = { currentPolicies: core.getMultilineInput(INPUT_NAMES.currentPolicies) };
  for (const key of Object.keys(INPUT_NAMES) as (keyof InputNames)[]) {
    if (key === 'currentPolicies' || key === 'format') continue;
    const value = get(INPUT_NAMES[key]);
    if (value !== undefined) raw[key] = value;
  }
  // An explicit `from` replaces the default lookback.
  if (raw.from !== undefined) delete raw.days;
  const settings = buildSettings(raw, INPUT_NAMES, now);
  const temp = env.RUNNER_TEMP ?? env.TMPDIR ?? '/tmp';
  const reportPath = get('report-path') ?? `${temp}/iam-policy-drift-report.json`;
  const github = readContext(env);
  const roleName = settings.role.name;
  const modes = parseModes(get('mode'), github.eventName);
  const failOn = list(get('fail-on') ?? 'unused').map((item) => {
    if (item !== 'unused' && item !== 'denied' && item !== 'drift') {
      throw new UserError(
        `fail-on: "${item}" is not a condition; expected unused, denied or drift, comma-separated`,
      );
    }
    return item;
  });
  const maxUnusedText = get('max-unused') ?? '0';
  if (!/^\d+$/.test(maxUnusedText.trim())) {
    throw new UserError(`max-unused: "${maxUnusedText}" is not a whole number`);
  }
  const commentAuthor = get('comment-author');
  const publish: PublishSettings = {
    modes,
    policyPath: (get('policy-path') ?? `iam/${roleName}.json`).replace(/^\.?\/+/, ''),
    branch: get('pull-request-branch') ?? `iam-policy-drift/${roleName}`,
    labels: list(get('labels')),
    reviewers: list(get('reviewers')),
    failOn,
    maxUnused: Number(maxUnusedText.trim()),
    ...(commentAuthor !== undefined ? { commentAuthor } : {}),
  };
  const token = get('github-token') ?? '';
  if (token !== '') core.setSecret(token);
  if (token === '' && modes.some((m) => m === 'comment' || m === 'pull-request')) {
    throw new UserError(
      `github-token is empty: modes ${modes.join(',')} need a token (the default is the job's github.token)`,
    );
  }
  return { settings, reportPath, publish, github: { ...github, token } };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseModes(value: string | undefined, eventName: string): Mode[] {
  if (value === undefined || value.trim() === '') return defaultModes(eventName);
  const modes = list(value);
  for (const mode of modes) {
    if (!MODES.includes(mode as Mode)) {
      throw new UserError(
        `mode: "${mode}" is not a mode; expected comment, pull-request, check or report, comma-separated`,
      );
    }
  }
  return [...new Set(modes as Mode[])];
}

/** The runner's context: repository, event, pull request, API and workspace. */
function readContext(env: NodeJS.ProcessEnv): Omit<ActionInputs['github'], 'token'> {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '/').split('/');
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let pullNumber: number | undefined;
  if (env.GITHUB_EVENT_PATH) {
    try {
      const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        pull_request?: { number?: unknown };
        issue?: { number?: unknown; pull_request?: unknown };
      };
      const number =
        payload.pull_request?.number ??
        (payload.issue?.pull_request ? payload.issue.number : undefined);
      if (typeof number === 'number') pullNumber = number;
    } catch (error) {
      core.warning(`could not read the event payload at GITHUB_EVENT_PATH: ${messageOf(error)}`);
    }
  }
  return {
    owner,
    repo,
    eventName,
    ...(pullNumber !== undefined ? { pullNumber } : {}),
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}
