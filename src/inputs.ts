import * as core from '@actions/core';
import { buildSettings, type InputNames, type RawSettings, type Settings } from './settings.js';

/** Action inputs, read here and nowhere else. */
export interface ActionInputs {
  settings: Settings;
  /** Where the JSON report is written. */
  reportPath: string;
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
  concurrency: 'concurrency',
  minLookbackDays: 'min-lookback-days',
  dropUnknown: 'drop-unknown',
  keepActions: 'keep-actions',
  keepSidPrefix: 'keep-sid-prefix',
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
  return { settings, reportPath };
}
