/**
 * A trail's log files in S3 as an `ActivitySource`: lists only the day folders the window
 * needs (plus a day of margin on each side), skips digests, insights and other files, and
 * reports days that have no file while the same account and region have files on others.
 */
import type { ByteStream, S3Like } from '../../aws/adapters.js';
import { mapConcurrent, mapOrdered } from '../../aws/concurrency.js';
import { isFatalS3Error, translateS3Error } from '../../aws/errors.js';
import {
  accountLogPrefix,
  type DayPrefix,
  dayPrefixes,
  findMissingDays,
  findSilentAccounts,
  findSilentRegions,
  isLogFileName,
  normalizePrefix,
  parseLogKey,
  regionOfPrefix,
  utcDay,
} from './layout.js';
import type { ActivitySource, CoverageProblem, LogObject } from '../types.js';
import { byCodeUnits } from '../../util/order.js';

export type { S3Like } from '../../aws/adapters.js';

/** Since late 2021 IAM, STS and CloudFront events of every region land here. */
export const ALWAYS_LISTED_REGION = 'us-east-1';

export interface S3SourceOptions {
  bucket: string;
  /** Bucket prefix before `AWSLogs/`, if the trail has one. */
  prefix?: string | undefined;
  /** `o-...` for an organization trail; absent for a trail of one account. */
  organizationId?: string | undefined;
  /** Accounts whose logs to read (12 digits each). */
  accounts: readonly string[];
  /**
   * Regions to read. Undefined: discover each account's regions from its `CloudTrail/`
   * folder, always including us-east-1.
   */
  regions?: readonly string[] | undefined;
  from: Date;
  to: Date;
  /** Days listed beyond each edge of the window. Default 1. */
  marginDays?: number | undefined;
  /** Listing calls in flight at once. Default 8. */
  concurrency?: number | undefined;
  /** Attempts at an object whose body is cut off mid-stream (the SDK's max-attempts). Default 3. */
  maxAttempts?: number | undefined;
  /** Keys per ListObjectsV2 page (MaxKeys). Default: S3's (1,000). */
  pageSize?: number | undefined;
  /** The current time: days after its UTC day are never reported missing. Default: now. */
  now?: Date | undefined;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_BODY_ATTEMPTS = 3;
/** The first wait before a download cut short is tried again; doubled at each attempt. */
const BODY_RETRY_BASE_MS = 100;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;

function validate(options: S3SourceOptions): void {
  if (options.bucket.trim() === '' || options.bucket.includes('/')) {
    throw new Error(
      `Invalid bucket name "${options.bucket}": give the bucket's name alone; put any folder in the prefix.`,
    );
  }
  if (options.accounts.length === 0)
    throw new Error('No account given: name at least one account.');
  for (const account of options.accounts) {
    if (!ACCOUNT.test(account))
      throw new Error(`Invalid account id "${account}": expected 12 digits.`);
  }
  if (options.organizationId !== undefined && !ORGANIZATION.test(options.organizationId)) {
    throw new Error(
      `Invalid organization id "${options.organizationId}": expected o- followed by 10 to 32 lowercase letters or digits.`,
    );
  }
  if (Number.isNaN(options.from.getTime()) || Number.isNaN(options.to.getTime())) {
    throw new Error('Invalid time window: from and to must be valid dates.');
  }
  if (options.to.getTime() < options.from.getTime()) {
    throw new Error(
      `Invalid time window: ${options.from.toISOString()} is after ${options.to.toISOString()}.`,
    );
  }
}

/** Concatenates a response body into one byte array. */
export async function collectBytes(body: ByteStream | undefined): Promise<Uint8Array> {
  if (body === undefined) return new Uint8Array(0);
  if (body instanceof Uint8Array) return body;
  if ('transformToByteArray' in body) return body.transformToByteArray();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

interface Listed {
  entry: DayPrefix;
  objects: LogObject[];
  error?: Error;
}

export function createS3Source(client: S3Like, options: S3SourceOptions): ActivitySource {
  validate(options);
  return new S3Source(client, options);
}

/** The log objects of a trail's S3 bucket, listed day folder by day folder. */
class S3Source implements ActivitySource {
  readonly description: string;
  private readonly bucket: string;
  private readonly concurrency: number;
  private readonly bodyAttempts: number;
  private readonly location: { prefix?: string; organizationId?: string };
  private problems: CoverageProblem[] = [];
  /** The day folders to list, those listed, and the objects they held: for an estimate. */
  private folders = { total: 0, listed: 0, objects: 0 };

  constructor(
    private readonly client: S3Like,
    private readonly options: S3SourceOptions,
  ) {
    const prefix = normalizePrefix(options.prefix);
    this.bucket = options.bucket;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.bodyAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_BODY_ATTEMPTS);
    this.location = {
      ...(prefix !== '' ? { prefix } : {}),
      ...(options.organizationId !== undefined ? { organizationId: options.organizationId } : {}),
    };
    this.description = `s3://${this.bucket}/${prefix === '' ? '' : `${prefix}/`}`;
  }

  listingProblems(): CoverageProblem[] {
    return [...this.problems];
  }

  /** The folders not listed yet are expected to hold as many files as those listed, on average. */
  expectedObjects(): number | undefined {
    const { total, listed, objects } = this.folders;
    return listed === 0 ? undefined : Math.round(objects + ((total - listed) * objects) / listed);
  }

  async *list(): AsyncGenerator<LogObject, void, undefined> {
    this.problems = [];
    const today = utcDay(this.options.now ?? new Date());
    const regions = await this.resolveRegions();
    const entries = dayPrefixes({
      ...this.location,
      accounts: [...regions.keys()],
      regions: (account) => regions.get(account) ?? [ALWAYS_LISTED_REGION],
      from: this.options.from,
      to: this.options.to,
      ...(this.options.marginDays !== undefined ? { marginDays: this.options.marginDays } : {}),
    }).map((entry) => (entry.day > today ? { ...entry, inWindow: false } : entry));
    const counts = new Map<string, number>();
    const unknown = new Set<string>();
    this.folders = { total: entries.length, listed: 0, objects: 0 };
    for await (const listed of mapOrdered(entries, this.concurrency, (entry) =>
      this.listDay(entry),
    )) {
      this.folders.listed++;
      this.folders.objects += listed.objects.length;
      if (listed.error !== undefined) {
        if (isFatalS3Error(listed.error)) throw listed.error;
        unknown.add(listed.entry.prefix);
        this.problems.push({
          kind: 'listing-failed',
          object: listed.entry.prefix,
          message:
            `Could not list the logs of account ${listed.entry.account} in ` +
            `${listed.entry.region} on ${listed.entry.day}: ${listed.error.message}`,
        });
        continue;
      }
      counts.set(listed.entry.prefix, listed.objects.length);
      yield* listed.objects;
    }
    this.problems.push(...this.gaps(entries, counts, unknown, regions));
  }

  /**
   * Days, regions and accounts of the window without a log file, where the rest of the trail
   * has some: what happened there is unknown.
   */
  private gaps(
    entries: readonly DayPrefix[],
    counts: ReadonlyMap<string, number>,
    unknown: ReadonlySet<string>,
    regions: ReadonlyMap<string, string[]>,
  ): CoverageProblem[] {
    const out: CoverageProblem[] = [];
    for (const gap of findMissingDays(entries, counts, unknown)) {
      out.push({
        kind: 'missing-day',
        object: gap.prefix,
        message:
          `No log file for account ${gap.account} in ${gap.region} on ${gap.day}, though other ` +
          "days of the window have some: that day's activity is unknown (a delivery gap, " +
          'deleted objects, or no activity at all).',
      });
    }
    const silent = findSilentAccounts(entries, counts, unknown);
    // A region asked for, or us-east-1, with no file in the window while the account's other
    // regions have some. (A region found in the bucket may just have been quiet.)
    for (const gap of findSilentRegions(entries, counts, unknown, silent)) {
      const asked = this.options.regions?.includes(gap.region) ?? false;
      if (!asked && gap.region !== ALWAYS_LISTED_REGION) continue;
      out.push({
        kind: 'missing-day',
        object: `${accountLogPrefix(this.location, gap.account)}${gap.region}/`,
        message:
          `No log file for account ${gap.account} in ${gap.region} from ${utcDay(this.options.from)} ` +
          `to ${utcDay(this.options.to)}, though its other regions have some: ` +
          (asked
            ? 'check the region asked for, and that the trail covers it.'
            : 'IAM, STS and other global events land in us-east-1, so they were not read (is the trail multi-region?).'),
      });
    }
    for (const account of silent) {
      const base = accountLogPrefix(this.location, account);
      out.push({
        kind: 'missing-day',
        object: base,
        message:
          `No log file at all for account ${account} from ${utcDay(this.options.from)} to ` +
          `${utcDay(this.options.to)} in s3://${this.bucket}/${base} (regions ` +
          `${(regions.get(account) ?? []).join(', ')}): check the bucket, prefix, organization ` +
          'id, account id and regions, and that the trail covers the account.',
      });
    }
    return out;
  }

  async read(object: LogObject): Promise<Uint8Array> {
    const context = { bucket: this.bucket, key: object.key, operation: 'GetObject' as const };
    // The SDK retries a request that fails; a body cut off mid-stream (a reset connection,
    // fewer bytes than announced) is retried here, within the same budget of attempts.
    for (let attempt = 1; ; attempt++) {
      let output;
      try {
        output = await this.client.getObject({ Bucket: this.bucket, Key: object.key });
      } catch (error) {
        throw translateS3Error(error, context);
      }
      const expected = output.ContentLength;
      let cut: string;
      try {
        const bytes = await collectBytes(output.Body);
        if (expected === undefined || bytes.byteLength === expected) return bytes;
        cut = `read ${bytes.byteLength} bytes of ${expected}`;
      } catch (error) {
        cut = `the download broke off (${(error as Error).message})`;
      }
      if (attempt >= this.bodyAttempts) {
        throw new Error(
          `s3://${this.bucket}/${object.key}: ${cut}: the download was cut short` +
            (attempt > 1 ? ` (after ${attempt} attempts)` : '') +
            '.',
        );
      }
      await sleep(Math.min(BODY_RETRY_BASE_MS * 2 ** (attempt - 1), 5_000));
    }
  }

  /** All keys and common prefixes under `listPrefix`, across pages. */
  private async listAll(
    listPrefix: string,
    delimiter?: string,
  ): Promise<{ keys: { key: string; size?: number }[]; prefixes: string[] }> {
    const keys: { key: string; size?: number }[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.listObjectsV2({
          Bucket: this.bucket,
          Prefix: listPrefix,
          ...(delimiter !== undefined ? { Delimiter: delimiter } : {}),
          ...(this.options.pageSize !== undefined ? { MaxKeys: this.options.pageSize } : {}),
          ...(token !== undefined ? { ContinuationToken: token } : {}),
        });
      } catch (error) {
        throw translateS3Error(error, {
          bucket: this.bucket,
          prefix: listPrefix,
          operation: 'ListObjectsV2',
        });
      }
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        keys.push(
          object.Size !== undefined ? { key: object.Key, size: object.Size } : { key: object.Key },
        );
      }
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix !== undefined) prefixes.push(common.Prefix);
      }
      const nextToken = page.NextContinuationToken;
      if (page.IsTruncated === true && (nextToken === undefined || nextToken === token)) {
        throw translateS3Error(
          new Error('the listing was truncated without a usable continuation token'),
          { bucket: this.bucket, prefix: listPrefix, operation: 'ListObjectsV2' },
        );
      }
      token = page.IsTruncated === true ? nextToken : undefined;
    } while (token !== undefined);
    return { keys, prefixes };
  }

  /**
   * Regions of each account to read: given (plus us-east-1), or discovered (plus us-east-1).
   * The account's region folders are listed either way: those that hold logs but were left out
   * are coverage problems.
   */
  private async resolveRegions(): Promise<Map<string, string[]>> {
    const accounts = [...new Set(this.options.accounts)].sort(byCodeUnits);
    const found = await mapConcurrent(accounts, this.concurrency, async (account) => {
      const base = accountLogPrefix(this.location, account);
      const present = new Set<string>();
      try {
        const listed = await this.listAll(base, '/');
        for (const child of listed.prefixes) {
          const region = regionOfPrefix(base, child);
          if (region !== undefined) present.add(region);
        }
      } catch (error) {
        if (isFatalS3Error(error)) throw error;
        this.problems.push({
          kind: 'listing-failed',
          object: base,
          message:
            `Could not list the regions of account ${account} (${(error as Error).message})` +
            (this.options.regions === undefined
              ? `; only ${ALWAYS_LISTED_REGION} was read.`
              : '; regions with logs that were left out cannot be told.'),
        });
      }
      const regions = new Set([ALWAYS_LISTED_REGION, ...(this.options.regions ?? present)]);
      const left = [...present].filter((region) => !regions.has(region)).sort(byCodeUnits);
      if (left.length > 0) {
        this.problems.push({
          kind: 'region-not-read',
          object: base,
          message:
            `Account ${account} has logs in ${left.join(', ')}, which regions leaves out: what ` +
            'the role did there is unknown. Add them to regions, or leave regions out to read ' +
            'every region.',
        });
      }
      return [account, [...regions].sort(byCodeUnits)] as const;
    });
    return new Map(found);
  }

  private async listDay(entry: DayPrefix): Promise<Listed> {
    try {
      const { keys } = await this.listAll(entry.prefix);
      const objects: LogObject[] = [];
      for (const { key, size } of keys) {
        const parsed = parseLogKey(key);
        if (
          parsed === undefined ||
          parsed.kind !== 'log' ||
          !isLogFileName(parsed.file) ||
          !key.startsWith(entry.prefix) ||
          key.indexOf('/', entry.prefix.length) !== -1
        ) {
          continue;
        }
        objects.push(size !== undefined ? { key, size } : { key });
      }
      objects.sort((a, b) => byCodeUnits(a.key, b.key));
      return { entry, objects };
    } catch (error) {
      return {
        entry,
        objects: [],
        error: error instanceof Error ? error : new Error(String(error)),
      };
    }
  }
}
