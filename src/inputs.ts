import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import type { GitHubContext, PublishSettings } from './publish/publish.js';
import {
  buildSettings,
  isFleet,
  type InputNames,
  type RawSettings,
  type Settings,
} from './settings/analysis.js';
import {
  buildPublishSettings,
  PUBLISH_INPUT_NAMES,
  type RawPublishSettings,
} from './settings/publish.js';
import { messageOf } from './util/errors.js';

/**
 * The runner's side of the action: the `INPUT_*` values and the event payload, read here and
 * nowhere else, and handed to the settings parsers (src/settings/).
 */
export interface ActionInputs {
  settings: Settings;
  /** Where the JSON report is written. */
  reportPath: string;
  publish: PublishSettings;
  github: GitHubContext & { token: string; apiUrl: string; workspace: string };
}

export const INPUT_NAMES: InputNames = {
  role: 'role-arn',
  user: 'user-arn',
  permissionSet: 'permission-set',
  rolesFromIam: 'roles-from-iam',
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
  const rawPublish: RawPublishSettings = {};
  for (const key of Object.keys(PUBLISH_INPUT_NAMES) as (keyof RawPublishSettings)[]) {
    const value = get(PUBLISH_INPUT_NAMES[key]);
    if (value !== undefined) rawPublish[key] = value;
  }
  if (rawPublish.token !== undefined) core.setSecret(rawPublish.token);
  const { token, ...publish } = buildPublishSettings(
    rawPublish,
    settings.principals,
    github.eventName,
    isFleet(settings),
  );
  return { settings, reportPath, publish, github: { ...github, token } };
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
