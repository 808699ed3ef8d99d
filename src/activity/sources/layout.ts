/**
 * The key layout of a CloudTrail trail in S3, as pure functions:
 *
 * `[<prefix>/]AWSLogs/[<o-orgid>/]<account>/CloudTrail|CloudTrail-Digest|CloudTrail-Insight/
 *  <region>/<YYYY>/<MM>/<DD>/<file>`
 *
 * No I/O here: the S3 source lists what these functions say and reports what they find missing.
 */
import { byCodeUnits } from '../../util/order.js';

export type LogKeyKind = 'log' | 'digest' | 'insight';

export interface ParsedLogKey {
  /** The bucket prefix before `AWSLogs/`, without slashes at either end; '' when none. */
  prefix: string;
  /** `o-...` for an organization trail; absent for a trail of one account. */
  organizationId?: string;
  account: string;
  region: string;
  /** UTC day of the folder, `YYYY-MM-DD` (the day the file was delivered). */
  day: string;
  kind: LogKeyKind;
  /** The file name (last key segment). */
  file: string;
}

const KIND_FOLDERS: Readonly<Record<string, LogKeyKind>> = {
  CloudTrail: 'log',
  'CloudTrail-Digest': 'digest',
  'CloudTrail-Insight': 'insight',
};

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d+$/;
const YEAR = /^\d{4}$/;
const TWO_DIGITS = /^\d{2}$/;

/** Strips slashes at both ends of a bucket prefix: `'logs/'`, `'/logs'` and `'logs'` are one prefix. */
export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

/** Whether `YYYY`, `MM`, `DD` name a real calendar day. */
function calendarDay(year: string, month: string, day: string): string | undefined {
  if (!YEAR.test(year) || !TWO_DIGITS.test(month) || !TWO_DIGITS.test(day)) return undefined;
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * Parses a key of the trail layout; `undefined` for anything else (folder markers, keys nested
 * deeper, malformed dates, other files of the bucket). The key is read from its end, so a
 * bucket prefix may contain any segments.
 */
export function parseLogKey(key: string): ParsedLogKey | undefined {
  const segments = key.split('/');
  const n = segments.length;
  if (n < 8) return undefined;
  const at = (index: number): string => segments[index] ?? '';
  const file = at(n - 1);
  const day = calendarDay(at(n - 4), at(n - 3), at(n - 2));
  const region = at(n - 5);
  const kind = KIND_FOLDERS[at(n - 6)];
  const account = at(n - 7);
  if (file === '' || day === undefined || kind === undefined) return undefined;
  if (!REGION.test(region) || !ACCOUNT.test(account)) return undefined;
  let organizationId: string | undefined;
  let awsLogsIndex = n - 8;
  if (at(awsLogsIndex) !== 'AWSLogs') {
    organizationId = at(awsLogsIndex);
    awsLogsIndex -= 1;
    if (!ORGANIZATION.test(organizationId) || at(awsLogsIndex) !== 'AWSLogs') return undefined;
  }
  const prefix = segments.slice(0, awsLogsIndex).join('/');
  const parsed: ParsedLogKey = { prefix, account, region, day, kind, file };
  if (organizationId !== undefined) parsed.organizationId = organizationId;
  return parsed;
}

/** Where a log file belongs: its account, region and delivery day. */
export interface LogFilePlace {
  account: string;
  region: string;
  /** `YYYY-MM-DD` */
  day: string;
  /**
   * `layout`: from the trail's folders (`AWSLogs/.../CloudTrail/<region>/YYYY/MM/DD/`);
   * `name`: from the file name alone, for a file kept elsewhere (a flat folder, a copied tree).
   */
  from: 'layout' | 'name';
  /** For a file of the layout: the prefix before `AWSLogs/`, and the organization's folder. */
  prefix?: string;
  organizationId?: string;
  /**
   * The files whose days are checked together: one account and region of one trail prefix; for
   * files placed by name, one account and region wherever their folders are.
   */
  group: string;
}

/**
 * CloudTrail's own file name: `<account>_CloudTrail_<region>_<YYYYMMDD>T<HHMM>Z_<id>.json.gz`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html).
 */
const CLOUDTRAIL_FILE_NAME =
  /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T\d{4}Z_[^/]+$/;

/**
 * The account, region and day of a log file: from the trail layout, else from CloudTrail's file
 * name wherever the file is; undefined when neither says (a renamed file in a folder of its own).
 */
export function placeLogFile(key: string): LogFilePlace | undefined {
  const parsed = parseLogKey(key);
  if (parsed !== undefined) {
    if (parsed.kind !== 'log') return undefined;
    const group = [parsed.prefix, parsed.organizationId ?? '', parsed.account, parsed.region];
    return {
      account: parsed.account,
      region: parsed.region,
      day: parsed.day,
      from: 'layout',
      group: group.join('|'),
      prefix: parsed.prefix,
      ...(parsed.organizationId !== undefined ? { organizationId: parsed.organizationId } : {}),
    };
  }
  const slash = key.lastIndexOf('/');
  const match = CLOUDTRAIL_FILE_NAME.exec(key.slice(slash + 1));
  if (!match) return undefined;
  const [, account, region, year, month, date] = match as unknown as string[];
  const day = calendarDay(year!, month!, date!);
  if (day === undefined || !REGION.test(region!)) return undefined;
  return {
    account: account!,
    region: region!,
    day,
    from: 'name',
    group: `${account!}|${region!}`,
  };
}

/** Whether a file name is a CloudTrail log file this tool reads (`.json.gz` or `.json`). */
export function isLogFileName(file: string): boolean {
  return file.endsWith('.json.gz') || file.endsWith('.json');
}

/** Where one trail's logs live in the bucket. */
export interface TrailLocation {
  /** Bucket prefix before `AWSLogs/`, if any. */
  prefix?: string;
  /** `o-...` for an organization trail. */
  organizationId?: string;
}

/** `[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/`: the folder whose children are regions. */
export function accountLogPrefix(location: TrailLocation, account: string): string {
  const parts = [
    normalizePrefix(location.prefix),
    'AWSLogs',
    location.organizationId ?? '',
    account,
  ];
  return `${parts.filter((part) => part !== '').join('/')}/CloudTrail/`;
}

/** The region named by a child prefix of {@link accountLogPrefix}, e.g. `.../CloudTrail/eu-west-1/`. */
export function regionOfPrefix(accountPrefix: string, childPrefix: string): string | undefined {
  if (!childPrefix.startsWith(accountPrefix)) return undefined;
  const rest = childPrefix.slice(accountPrefix.length).replace(/\/$/, '');
  return REGION.test(rest) ? rest : undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of a date, in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The UTC days from `from`'s day to `to`'s day, both included, widened by `marginDays` on each
 * side. Empty when `to` is before `from`.
 */
export function windowDays(from: Date, to: Date, marginDays = 0): string[] {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new RangeError('windowDays: invalid date');
  }
  if (to.getTime() < from.getTime()) return [];
  // The window is [from, to): a `to` at midnight does not reach into that day.
  const lastInstant = to.getTime() > from.getTime() ? new Date(to.getTime() - 1) : to;
  const first = Date.parse(`${utcDay(from)}T00:00:00Z`) - marginDays * DAY_MS;
  const last = Date.parse(`${utcDay(lastInstant)}T00:00:00Z`) + marginDays * DAY_MS;
  const days: string[] = [];
  for (let time = first; time <= last; time += DAY_MS) days.push(utcDay(new Date(time)));
  return days;
}

/** One `.../CloudTrail/<region>/YYYY/MM/DD/` folder to list. */
export interface DayPrefix {
  account: string;
  region: string;
  /** `YYYY-MM-DD`. */
  day: string;
  /** Whether the day is inside the window proper (false for the margin days). */
  inWindow: boolean;
  prefix: string;
}

export interface DayPrefixOptions extends TrailLocation {
  accounts: readonly string[];
  /** Regions to list for every account, or per account. */
  regions: readonly string[] | ((account: string) => readonly string[]);
  from: Date;
  to: Date;
  /**
   * Days listed beyond each edge of the window. Default 1: a file's name carries its delivery
   * time, so a record of the window can sit in a file delivered the day after; and a file
   * delivered on the first day may start before it.
   */
  marginDays?: number;
}

/**
 * The day folders a window needs, for every account and region, sorted by prefix (so that
 * concatenating the sorted keys of each folder gives the keys in S3's order).
 */
export function dayPrefixes(options: DayPrefixOptions): DayPrefix[] {
  const windowed = new Set(windowDays(options.from, options.to));
  const days = windowDays(options.from, options.to, options.marginDays ?? 1);
  const result: DayPrefix[] = [];
  for (const account of new Set(options.accounts)) {
    const base = accountLogPrefix(options, account);
    const regions =
      typeof options.regions === 'function' ? options.regions(account) : options.regions;
    for (const region of new Set(regions)) {
      for (const day of days) {
        const prefix = `${base}${region}/${day.replaceAll('-', '/')}/`;
        result.push({ account, region, day, inWindow: windowed.has(day), prefix });
      }
    }
  }
  return result.sort((a, b) => byCodeUnits(a.prefix, b.prefix));
}

/** A day of the window with no log file for an account and region that has files on other days. */
export interface MissingDay {
  account: string;
  region: string;
  day: string;
  prefix: string;
}

/**
 * Finds gaps: days inside the window (margin days excluded) where an account×region that has
 * log files on some other listed day has none. Folders that could not be listed (`unknown`)
 * are neither gaps nor evidence. An account×region with no file on any listed day is not
 * reported here: see {@link findSilentAccounts}.
 */
export function findMissingDays(
  prefixes: readonly DayPrefix[],
  fileCounts: ReadonlyMap<string, number>,
  unknown: ReadonlySet<string> = new Set(),
): MissingDay[] {
  const withFiles = new Set<string>();
  for (const entry of prefixes) {
    if ((fileCounts.get(entry.prefix) ?? 0) > 0) withFiles.add(`${entry.account}/${entry.region}`);
  }
  return prefixes
    .filter(
      (entry) =>
        entry.inWindow &&
        !unknown.has(entry.prefix) &&
        (fileCounts.get(entry.prefix) ?? 0) === 0 &&
        withFiles.has(`${entry.account}/${entry.region}`),
    )
    .map(({ account, region, day, prefix }) => ({ account, region, day, prefix }));
}

/**
 * Accounts with no log file at all on any listed day of any region (and no folder that failed
 * to list): usually a wrong prefix, organization id or account, or a trail that does not cover
 * the account. Unknown is not unused, so these are worth reporting.
 */
export function findSilentAccounts(
  prefixes: readonly DayPrefix[],
  fileCounts: ReadonlyMap<string, number>,
  unknown: ReadonlySet<string> = new Set(),
): string[] {
  const accounts = new Set(prefixes.map((entry) => entry.account));
  for (const entry of prefixes) {
    if ((fileCounts.get(entry.prefix) ?? 0) > 0 || unknown.has(entry.prefix)) {
      accounts.delete(entry.account);
    }
  }
  return [...accounts].sort(byCodeUnits);
}

/**
 * Regions listed for an account (in the window proper) with no file on any day, while another
 * region of the account has some; accounts in `silent` (no file at all) are left to
 * {@link findSilentAccounts}. Folders that could not be listed are neither gaps nor evidence.
 */
export function findSilentRegions(
  prefixes: readonly DayPrefix[],
  fileCounts: ReadonlyMap<string, number>,
  unknown: ReadonlySet<string> = new Set(),
  silent: readonly string[] = [],
): { account: string; region: string }[] {
  const regions = new Map<string, { account: string; region: string; files: boolean }>();
  for (const entry of prefixes) {
    if (!entry.inWindow || silent.includes(entry.account)) continue;
    const key = `${entry.account}/${entry.region}`;
    let region = regions.get(key);
    if (!region)
      regions.set(key, (region = { account: entry.account, region: entry.region, files: false }));
    if ((fileCounts.get(entry.prefix) ?? 0) > 0 || unknown.has(entry.prefix)) region.files = true;
  }
  return [...regions.values()]
    .filter((region) => !region.files)
    .map(({ account, region }) => ({ account, region }))
    .sort((a, b) => byCodeUnits(`${a.account}/${a.region}`, `${b.account}/${b.region}`));
}
