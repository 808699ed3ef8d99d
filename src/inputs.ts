import * as core from '@actions/core';
import { buildSettings, type InputNames, type Settings } from './settings.js';

/** Action inputs, read here and nowhere else. */
export interface ActionInputs {
  settings: Settings;
  /** Where the JSON report is written. */
  reportPath: string;
}

const NAMES: InputNames = {
  role: 'role-arn',
  logs: 'logs-path',
  currentPolicies: 'current-policy',
  from: 'from',
  to: 'to',
  days: 'lookback-days',
  format: 'format',
  maxFailedFiles: 'max-failed-files',
  concurrency: 'concurrency',
};

export function readInputs(env: NodeJS.ProcessEnv, now: Date): ActionInputs {
  const get = (name: string): string | undefined => {
    const value = core.getInput(name);
    return value === '' ? undefined : value;
  };
  const raw = {
    currentPolicies: core.getMultilineInput(NAMES.currentPolicies),
    ...pick('role', get(NAMES.role)),
    ...pick('logs', get(NAMES.logs)),
    ...pick('from', get(NAMES.from)),
    ...pick('to', get(NAMES.to)),
    // An explicit `from` replaces the default lookback.
    ...(get(NAMES.from) === undefined ? pick('days', get(NAMES.days)) : {}),
    ...pick('maxFailedFiles', get(NAMES.maxFailedFiles)),
    ...pick('concurrency', get(NAMES.concurrency)),
  };
  const settings = buildSettings(raw, NAMES, now);
  const temp = env.RUNNER_TEMP ?? env.TMPDIR ?? '/tmp';
  const reportPath = get('report-path') ?? `${temp}/iam-policy-drift-report.json`;
  return { settings, reportPath };
}

function pick<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
