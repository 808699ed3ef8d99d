/** What the pipeline needs of one CloudTrail record; everything else is ignored. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  eventType?: string;
  eventCategory?: string;
  eventID?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  managementEvent?: boolean;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    /** IAM users: the user's name (some console records carry it but no `arn`). */
    userName?: string;
    invokedBy?: string;
    sessionContext?: {
      sessionIssuer?: { type?: string; arn?: string; userName?: string; accountId?: string };
    };
  };
  resources?: { ARN?: string; accountId?: string; type?: string }[];
  requestParameters?: unknown;
}

/** One log object of a trail: a file in a local tree or an object in S3. */
export interface LogObject {
  /** Path relative to the source root, or the S3 key. Unique within a source. */
  key: string;
  /** Size in bytes as stored (compressed), when known. */
  size?: number;
}

/**
 * Where CloudTrail log files come from. `list` yields only log files (no digests, no
 * insights), in a deterministic order; `read` returns the stored bytes (gzip or plain).
 */
export interface ActivitySource {
  /** A short human description, e.g. `s3://bucket/prefix` or a directory path. */
  readonly description: string;
  list(): AsyncIterable<LogObject>;
  read(object: LogObject): Promise<Uint8Array>;
  /**
   * The object's path on this machine, when it is a local file: the reader's worker threads
   * then read it themselves instead of being handed its bytes. Absent (or undefined for an
   * object) for sources whose bytes only `read` can give (S3).
   */
  pathOf?(object: LogObject): string | undefined;
  /** Problems found while listing (missing days, unreadable folders); empty when none. */
  listingProblems?(): CoverageProblem[];
  /**
   * While the listing runs, how many objects it is expected to give in all: counted ahead, or
   * estimated from the folders listed so far. Undefined when there is no estimate yet.
   */
  expectedObjects?(): number | undefined;
}

export type CoverageProblemKind =
  | 'file-failed'
  | 'missing-day'
  | 'listing-failed'
  | 'window-too-short'
  | 'failure-threshold'
  | 'layout-unknown'
  | 'record-without-time'
  | 'region-not-read';

export interface CoverageProblem {
  kind: CoverageProblemKind;
  /** The file or prefix concerned, when there is one. */
  object?: string;
  message: string;
}
