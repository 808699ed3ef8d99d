import { parseRoleRef } from './activity/principal.js';
import type { AnalysisSettings, FailureThreshold } from './analyze.js';
import { UserError } from './util/errors.js';
import { parsePositiveInt, resolveWindow } from './util/time.js';

/**
 * Raw values as the CLI flags or the action inputs give them, and the names to use for each
 * in messages. Both entry points turn them into settings here, in one place.
 */
export interface RawSettings {
  role?: string;
  logs?: string;
  currentPolicies: string[];
  from?: string;
  to?: string;
  days?: string;
  format?: string;
  maxFailedFiles?: string;
  concurrency?: string;
}

export type InputNames = { [K in keyof RawSettings]-?: string };

export type ReportFormat = 'json' | 'markdown';

export interface Settings extends AnalysisSettings {
  logs: string;
  currentPolicies: string[];
  format: ReportFormat;
}

export const DEFAULT_CONCURRENCY = 8;

export function buildSettings(raw: RawSettings, names: InputNames, now: Date): Settings {
  if (raw.role === undefined || raw.role.trim() === '') {
    throw new UserError(
      `${names.role} is required: the role's ARN (arn:aws:iam::123456789012:role/path/name) or name`,
    );
  }
  if (raw.logs === undefined || raw.logs.trim() === '') {
    throw new UserError(`${names.logs} is required: the directory that holds the CloudTrail files`);
  }
  const format = (raw.format ?? 'markdown').trim();
  if (format !== 'json' && format !== 'markdown') {
    throw new UserError(
      `${names.format}: "${raw.format}" is not a format; expected json or markdown`,
    );
  }
  const window = resolveWindow(
    {
      ...(nonEmpty(raw.from) ? { from: raw.from } : {}),
      ...(nonEmpty(raw.to) ? { to: raw.to } : {}),
      ...(nonEmpty(raw.days) ? { days: parsePositiveInt(raw.days, names.days, 36500) } : {}),
      names: { from: names.from, to: names.to, days: names.days },
    },
    now,
  );
  return {
    role: parseRoleRef(raw.role, names.role),
    logs: raw.logs.trim(),
    currentPolicies: raw.currentPolicies.map((p) => p.trim()).filter((p) => p !== ''),
    window,
    format,
    concurrency: nonEmpty(raw.concurrency)
      ? parsePositiveInt(raw.concurrency, names.concurrency, 256)
      : DEFAULT_CONCURRENCY,
    maxFailedFiles: parseThreshold(raw.maxFailedFiles, names.maxFailedFiles),
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** `5%` (the default), `0`, `12`: how many unreadable files a run tolerates before failing. */
export function parseThreshold(value: string | undefined, inputName: string): FailureThreshold {
  const text = (value ?? '').trim();
  if (text === '') return { kind: 'percent', value: 5 };
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent && Number(percent[1]) <= 100) return { kind: 'percent', value: Number(percent[1]) };
  if (/^\d+$/.test(text)) return { kind: 'count', value: Number(text) };
  throw new UserError(
    `${inputName}: "${value}" is not a threshold; expected a number of files (such as 0 or 10) or a percentage (such as 5%)`,
  );
}
