import {
  parsePrincipalRef,
  parseRoleArn,
  principalLabel,
  type PrincipalRef,
} from '../activity/principal.js';
import type { AnalysisSettings } from '../analyze.js';
import { UNKNOWN_MODES, type UnknownMode } from '../generate/proposal.js';
import {
  DEFAULT_SCOPE_MAX_ARNS,
  RESOURCE_SCOPE_MODES,
  type ResourceScopeMode,
} from '../generate/scope.js';
import { UserError } from '../util/errors.js';
import { resolveWindow } from '../util/time.js';
import {
  nonEmpty,
  parseEnum,
  parseList,
  parseOptionalBoolean,
  parsePositiveInt,
  parseThreshold,
  parseWholeNumber,
} from './parse.js';

/**
 * Raw values as the CLI flags or the action inputs give them. Both entry points turn them into
 * settings here, in one place; `InputNames` gives the name of each for messages.
 */
export interface RawSettings {
  role?: string;
  user?: string;
  permissionSet?: string;
  rolesFromIam?: string;
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
  maxFileSize?: string;
  concurrency?: string;
  minLookbackDays?: string;
  unknown?: string;
  dropUnknown?: string;
  keepActions?: string;
  keepSidPrefix?: string;
  resourceScope?: string;
  resourceScopeMaxArns?: string;
}

export type InputNames = { [K in keyof RawSettings]-?: string };

export type ReportFormat = 'json' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'markdown'];

/** Where the logs are read from. */
export type SourceSettings =
  | { kind: 'local'; logs: string }
  | {
      kind: 's3';
      bucket: string;
      prefix?: string;
      organizationId?: string;
      /** Undefined: the principal's own account (from its ARN, or the caller's account). */
      accounts?: string[];
      /** Undefined: discovered from the bucket, us-east-1 always included. */
      regions?: string[];
      trailRoleArn?: string;
      pathStyle: boolean;
    };

export interface Settings extends AnalysisSettings {
  source: SourceSettings;
  /** The policy files as given (`path`, or `principal=path` in a fleet). */
  currentPolicies: string[];
  /**
   * Per principal (in the order of `principals`), the files of its current policies; all
   * empty when none were given, and then `readIam` says whether IAM is read.
   */
  policyFiles: string[][];
  /** Read the principals' current policies from IAM. */
  readIam: boolean;
  /**
   * `roles-from-iam`: the path under which the account's roles join the fleet (listed through
   * IAM at the edge, which also says which are left out and why).
   */
  rolesFromIam?: string;
  maxAttempts: number;
  format: ReportFormat;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MIN_LOOKBACK_DAYS = 30;
/**
 * MiB uncompressed. CloudTrail delivers a file about every five minutes per account and region,
 * tens of megabytes at most even with data events; a gigabyte is far above any of them, and a
 * bound on what one file can take of the runner's memory.
 */
export const DEFAULT_MAX_FILE_SIZE = 1024;
export const DEFAULT_UNKNOWN_MODE: UnknownMode = 'called-services';

export function buildSettings(raw: RawSettings, names: InputNames, now: Date): Settings {
  const rolesFromIam = parseRolesFromIam(raw, names);
  const principals = parsePrincipals(raw, names, rolesFromIam !== undefined);
  const format = nonEmpty(raw.format)
    ? parseEnum(raw.format, REPORT_FORMATS, names.format, 'format')
    : 'markdown';
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
  const policyFiles = assignPolicyFiles(currentPolicies, principals, names.currentPolicies);
  const readIamFlag = parseOptionalBoolean(raw.readIam, names.readIam);
  if (rolesFromIam !== undefined && currentPolicies.length > 0) {
    throw new UserError(
      `${names.currentPolicies}: the roles of ${names.rolesFromIam} have their policies read from IAM; give policy files only with ${names.role} and ${names.user}, in a run of their own`,
    );
  }
  if (readIamFlag === true && currentPolicies.length > 0) {
    throw new UserError(
      `${names.readIam}: give either ${names.currentPolicies} or ${names.readIam}, not both`,
    );
  }
  return {
    principals,
    window,
    source,
    currentPolicies,
    policyFiles,
    // Policies come from files when given; otherwise from IAM when the logs come from S3 (AWS
    // credentials are at hand) or when asked for.
    readIam:
      rolesFromIam !== undefined ||
      (currentPolicies.length === 0 && (readIamFlag ?? source.kind === 's3')),
    ...(rolesFromIam !== undefined ? { rolesFromIam } : {}),
    format,
    concurrency: nonEmpty(raw.concurrency)
      ? parsePositiveInt(raw.concurrency, names.concurrency, 256)
      : DEFAULT_CONCURRENCY,
    maxAttempts: nonEmpty(raw.maxAttempts)
      ? parsePositiveInt(raw.maxAttempts, names.maxAttempts, 20)
      : DEFAULT_MAX_ATTEMPTS,
    maxFailedFiles: parseThreshold(raw.maxFailedFiles, names.maxFailedFiles),
    maxFileSize: nonEmpty(raw.maxFileSize)
      ? parsePositiveInt(raw.maxFileSize, names.maxFileSize, 65536)
      : DEFAULT_MAX_FILE_SIZE,
    minLookbackDays: nonEmpty(raw.minLookbackDays)
      ? parseWholeNumber(raw.minLookbackDays, names.minLookbackDays, { unit: ' of days' })
      : DEFAULT_MIN_LOOKBACK_DAYS,
    unknown: parseUnknownMode(raw.unknown, raw.dropUnknown, names),
    keepActions: parseKeepActions(raw.keepActions, names.keepActions),
    resourceScope: parseResourceScope(raw.resourceScope, names.resourceScope),
    resourceScopeMaxArns: nonEmpty(raw.resourceScopeMaxArns)
      ? parsePositiveInt(raw.resourceScopeMaxArns, names.resourceScopeMaxArns, 1000)
      : DEFAULT_SCOPE_MAX_ARNS,
    ...(nonEmpty(raw.keepSidPrefix) ? { keepSidPrefix: raw.keepSidPrefix.trim() } : {}),
  };
}

/**
 * `role` and `user`: one or more, one per line (names may hold commas), the roles first, in
 * the order given, repeats left out. Several make a fleet, read in one pass over the trail.
 */
function parsePrincipals(raw: RawSettings, names: InputNames, listed: boolean): PrincipalRef[] {
  const lines = (value: string | undefined): string[] =>
    (value ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  const principals = [
    ...lines(raw.role).map((line) => parsePrincipalRef(line, 'role', names.role)),
    ...lines(raw.user).map((line) => parsePrincipalRef(line, 'user', names.user)),
    ...lines(raw.permissionSet).map((line) =>
      parsePrincipalRef(line, 'permission-set', names.permissionSet),
    ),
  ];
  if (principals.length === 0 && !listed) {
    throw new UserError(
      `${names.role}, ${names.user} or ${names.permissionSet} is required: the role's ARN (arn:aws:iam::123456789012:role/path/name) or name, the IAM user's, or the Identity Center permission set's name or ARN (or ${names.rolesFromIam} with a path)`,
    );
  }
  const seen = new Set<string>();
  return principals.filter((p) => {
    const key = `${p.type} ${principalLabel(p)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `roles-from-iam`: an IAM path prefix (`/`, `/service/`); undefined when not given. */
function parseRolesFromIam(raw: RawSettings, names: InputNames): string | undefined {
  if (!nonEmpty(raw.rolesFromIam)) return undefined;
  const prefix = raw.rolesFromIam.trim();
  if (!/^\/[\x21-\x7e]*$/.test(prefix)) {
    throw new UserError(
      `${names.rolesFromIam}: "${raw.rolesFromIam}" is not an IAM path prefix; expected one starting with /, such as /service/ (or / for every role)`,
    );
  }
  return prefix;
}

/**
 * Which policy files are whose. With one principal, a file is its (`path`, or
 * `<its name or ARN>=path`); in a fleet each file names its principal (`orders-api=iam/o.json`)
 * and every principal needs one: a principal without policies would get a policy generated
 * from its usage alone, not a comparison.
 */
function assignPolicyFiles(
  entries: readonly string[],
  principals: readonly PrincipalRef[],
  inputName: string,
): string[][] {
  const files = principals.map((): string[] => []);
  if (entries.length === 0) return files;
  for (const entry of entries) {
    const split = entry.indexOf('=');
    const named = split > 0 ? entry.slice(0, split).trim() : '';
    const owners = principals
      .map((p, i) => (named !== '' && (principalLabel(p) === named || p.name === named) ? i : -1))
      .filter((i) => i >= 0);
    if (owners.length > 0) {
      for (const i of owners) files[i]!.push(entry.slice(split + 1).trim());
    } else if (principals.length === 1) {
      files[0]!.push(entry);
    } else {
      throw new UserError(
        `${inputName}: "${entry}" does not say whose policy it is; with several principals give each file as <name or ARN>=<path>, e.g. ${principals[0]!.name}=iam/${principals[0]!.name}.json`,
      );
    }
  }
  const missing = principals.filter((_, i) => files[i]!.length === 0);
  if (missing.length > 0) {
    throw new UserError(
      `${inputName}: no policy file for ${missing.map((p) => `${p.type} ${principalLabel(p)}`).join(', ')}; give one per principal (<name or ARN>=<path>), or none and read them from IAM`,
    );
  }
  return files;
}

/** `resource-scope`: keep (the default), observed or account. */
function parseResourceScope(value: string | undefined, inputName: string): ResourceScopeMode {
  return nonEmpty(value) ? parseEnum(value, RESOURCE_SCOPE_MODES, inputName, 'scope') : 'keep';
}

/**
 * `unknown`: keep, called-services (the default) or drop; `drop-unknown: true` is an alias of
 * `unknown: drop` (`false` changes nothing), and the two must not disagree.
 */
function parseUnknownMode(
  value: string | undefined,
  dropUnknown: string | undefined,
  names: InputNames,
): UnknownMode {
  const drop = parseOptionalBoolean(dropUnknown, names.dropUnknown);
  if (!nonEmpty(value)) return drop === true ? 'drop' : DEFAULT_UNKNOWN_MODE;
  const mode = parseEnum(value, UNKNOWN_MODES, names.unknown, 'mode');
  if (drop === true && mode !== 'drop') {
    throw new UserError(
      `${names.dropUnknown} is an alias of ${names.unknown} drop; it cannot go with ${names.unknown} ${mode}`,
    );
  }
  return mode;
}

/** `s3:Get*, iam:PassRole`: action patterns, comma- or newline-separated. */
function parseKeepActions(value: string | undefined, inputName: string): string[] {
  const patterns = parseList(value).sort();
  for (const pattern of patterns) {
    if (!/^([a-z0-9-]+|\*):[A-Za-z0-9*?]+$/.test(pattern) && pattern !== '*') {
      throw new UserError(
        `${inputName}: "${pattern}" is not an action pattern; expected names such as s3:GetObject or iam:Get*, comma-separated`,
      );
    }
  }
  return patterns;
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
  const accounts = sortedList(raw.accounts);
  for (const account of accounts ?? []) {
    if (!/^\d{12}$/.test(account)) {
      throw new UserError(
        `${names.accounts}: "${account}" is not an AWS account id; expected 12 digits, comma-separated`,
      );
    }
  }
  const regions = sortedList(raw.regions);
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

/** A list whose order means nothing (accounts, regions), sorted; undefined when empty. */
function sortedList(value: string | undefined): string[] | undefined {
  const items = parseList(value);
  return items.length > 0 ? items.sort() : undefined;
}

/**
 * The accounts whose logs are read from a bucket: those given, else the principals' own (from
 * their ARNs), the caller's account (asked of STS at the edge) when a role or user is given by
 * name (only that can tell where it is), and the accounts each permission set is provisioned to
 * (asked of sso-admin at the edge).
 */
export function accountsToRead(
  source: Extract<SourceSettings, { kind: 's3' }>,
  principals: readonly PrincipalRef[],
): { accounts: string[]; caller: boolean; permissionSets: PrincipalRef[] } {
  if (source.accounts) return { accounts: source.accounts, caller: false, permissionSets: [] };
  const accounts = principals.flatMap((p) => (p.kind === 'arn' ? [p.account] : []));
  return {
    accounts: [...new Set(accounts)].sort(),
    caller: principals.some((p) => p.kind === 'name' && p.type !== 'permission-set'),
    permissionSets: principals.filter((p) => p.type === 'permission-set'),
  };
}

/**
 * Whether the run is a fleet (the fleet's report shape, per-principal files and branches):
 * several principals given, or roles listed from IAM, however many there turn out to be.
 */
export function isFleet(settings: Pick<Settings, 'principals' | 'rolesFromIam'>): boolean {
  return settings.principals.length > 1 || settings.rolesFromIam !== undefined;
}
