import { parseRoleArn, parseRoleRef } from './activity/principal.js';
import type { AnalysisSettings, FailureThreshold } from './analyze.js';
import { UserError } from './util/errors.js';
import { parsePositiveInt, resolveWindow } from './util/time.js';

/**
 * Raw values as the CLI flags or the action inputs give them. Both entry points turn them into
 * settings here, in one place; `InputNames` gives the name of each for messages.
 */
export interface RawSettings {
  role?: string;
  logs?: string;
  bucket?: string;
  prefix?: string;
  organizationId?: string;
  accounts?: string;
  regions?: string;
  trailRoleArn?: string;
  pathStyle?: string;
  maxAttempts?: string;
  readIam?: string;
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

/** Where the logs are read from. */
export type SourceSettings =
  | { kind: 'local'; logs: string }
  | {
      kind: 's3';
      bucket: string;
      prefix?: string;
      organizationId?: string;
      /** Undefined: the role's own account (from its ARN, or the caller's account). */
      accounts?: string[];
      /** Undefined: discovered from the bucket, us-east-1 always included. */
      regions?: string[];
      trailRoleArn?: string;
      pathStyle: boolean;
    };

export interface Settings extends AnalysisSettings {
  source: SourceSettings;
  /** Policy files to compare with; when empty, `readIam` says whether IAM is read. */
  currentPolicies: string[];
  /** Read the role's current policies from IAM. */
  readIam: boolean;
  maxAttempts: number;
  format: ReportFormat;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_ATTEMPTS = 5;

export function buildSettings(raw: RawSettings, names: InputNames, now: Date): Settings {
  if (!nonEmpty(raw.role)) {
    throw new UserError(
      `${names.role} is required: the role's ARN (arn:aws:iam::123456789012:role/path/name) or name`,
    );
  }
  const role = parseRoleRef(raw.role, names.role);
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
  const source = buildSource(raw, names);
  const currentPolicies = raw.currentPolicies.map((p) => p.trim()).filter((p) => p !== '');
  const readIamFlag = parseOptionalBoolean(raw.readIam, names.readIam);
  if (readIamFlag === true && currentPolicies.length > 0) {
    throw new UserError(
      `${names.readIam}: give either ${names.currentPolicies} or ${names.readIam}, not both`,
    );
  }
  return {
    role,
    window,
    source,
    currentPolicies,
    // Policies come from files when given; otherwise from IAM when the logs come from S3 (AWS
    // credentials are at hand) or when asked for.
    readIam: currentPolicies.length === 0 && (readIamFlag ?? source.kind === 's3'),
    format,
    concurrency: nonEmpty(raw.concurrency)
      ? parsePositiveInt(raw.concurrency, names.concurrency, 256)
      : DEFAULT_CONCURRENCY,
    maxAttempts: nonEmpty(raw.maxAttempts)
      ? parsePositiveInt(raw.maxAttempts, names.maxAttempts, 20)
      : DEFAULT_MAX_ATTEMPTS,
    maxFailedFiles: parseThreshold(raw.maxFailedFiles, names.maxFailedFiles),
  };
}

function buildSource(raw: RawSettings, names: InputNames): SourceSettings {
  const hasLogs = nonEmpty(raw.logs);
  const hasBucket = nonEmpty(raw.bucket);
  if (hasLogs && hasBucket) {
    throw new UserError(`${names.bucket}: give either ${names.logs} or ${names.bucket}, not both`);
  }
  if (hasLogs) {
    for (const [key, value] of [
      ['prefix', raw.prefix],
      ['organizationId', raw.organizationId],
      ['accounts', raw.accounts],
      ['regions', raw.regions],
      ['trailRoleArn', raw.trailRoleArn],
    ] as const) {
      if (nonEmpty(value)) {
        throw new UserError(`${names[key]} applies to ${names.bucket}, not to ${names.logs}`);
      }
    }
    return { kind: 'local', logs: raw.logs!.trim() };
  }
  if (!hasBucket) {
    throw new UserError(
      `${names.logs} or ${names.bucket} is required: a directory of CloudTrail files, or the trail's S3 bucket`,
    );
  }
  const bucket = raw.bucket!.trim();
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UserError(
      `${names.bucket}: "${raw.bucket}" is not an S3 bucket name; give the name alone (put any folder in ${names.prefix})`,
    );
  }
  const organizationId = nonEmpty(raw.organizationId) ? raw.organizationId.trim() : undefined;
  if (organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(organizationId)) {
    throw new UserError(
      `${names.organizationId}: "${raw.organizationId}" is not an organization id; expected o- and 10 to 32 lowercase letters or digits (leave it empty for an account trail)`,
    );
  }
  const accounts = list(raw.accounts);
  for (const account of accounts ?? []) {
    if (!/^\d{12}$/.test(account)) {
      throw new UserError(
        `${names.accounts}: "${account}" is not an AWS account id; expected 12 digits, comma-separated`,
      );
    }
  }
  const regions = list(raw.regions);
  for (const region of regions ?? []) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new UserError(
        `${names.regions}: "${region}" is not an AWS region; expected names such as us-east-1, comma-separated`,
      );
    }
  }
  const trailRoleArn = nonEmpty(raw.trailRoleArn) ? raw.trailRoleArn.trim() : undefined;
  if (trailRoleArn !== undefined && !parseRoleArn(trailRoleArn)) {
    throw new UserError(
      `${names.trailRoleArn}: "${raw.trailRoleArn}" is not a role ARN (arn:aws:iam::123456789012:role/name)`,
    );
  }
  const prefix = nonEmpty(raw.prefix) ? raw.prefix.trim().replace(/^\/+|\/+$/g, '') : undefined;
  return {
    kind: 's3',
    bucket,
    ...(prefix ? { prefix } : {}),
    ...(organizationId !== undefined ? { organizationId } : {}),
    ...(accounts ? { accounts } : {}),
    ...(regions ? { regions } : {}),
    ...(trailRoleArn !== undefined ? { trailRoleArn } : {}),
    pathStyle: parseOptionalBoolean(raw.pathStyle, names.pathStyle) ?? false,
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** A comma- or newline-separated list, sorted and without repeats; undefined when empty. */
function list(value: string | undefined): string[] | undefined {
  if (!nonEmpty(value)) return undefined;
  const items = [
    ...new Set(
      value
        .split(/[,\s]+/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
  return items.length > 0 ? items.sort() : undefined;
}

function parseOptionalBoolean(value: string | undefined, inputName: string): boolean | undefined {
  if (!nonEmpty(value)) return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new UserError(`${inputName}: "${value}" is not a boolean; expected true or false`);
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
