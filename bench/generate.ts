/**
 * A deterministic generator of a synthetic organization trail: the same spec (seed included)
 * gives the same files, byte for byte. Records have the shapes CloudTrail writes (role sessions
 * with their session issuer, IAM users, AWS services, data events, denied calls and other
 * errors, service events), files the layout and sizes of an organization trail
 * (`AWSLogs/<org>/<account>/CloudTrail/<region>/YYYY/MM/DD/...json.gz`, a file about every five
 * minutes per account and region), and the generator keeps the truth the reader must find.
 */

export interface TrailSpec {
  seed: number;
  /** How many records in all. */
  records: number;
  /** Mean records per file; files hold between a tenth and twice as many. */
  recordsPerFile: number;
  /** Share of the files that hold the role's records (and other mentions of its name). */
  roleFileShare: number;
  /** In those files, the share of records made by the role. */
  roleRecordShare: number;
  /** The role analysed: `arn:aws:iam::<account>:role/<path>/<name>`. */
  roleArn: string;
  organizationId: string;
  accounts: string[];
  regions: string[];
  /** The first day, `YYYY-MM-DD`. */
  firstDay: string;
  /**
   * Files pretty-printed as `JSON.stringify(trail, null, indent)` writes them, as re-exported
   * logs are; absent, one line as CloudTrail writes them. The records are the same either way.
   */
  indent?: number;
  /**
   * How many roles the trail holds: `roleArn`, then the others of `fleetRoleArns`, each in its
   * own `roleFileShare` of the files (see `roleFileSets`) and making `roleRecordShare` of the
   * records there, as `roleArn` alone does. Absent or 1, the trail is byte for byte the
   * single-role trail it always was.
   */
  fleet?: number;
}

export interface GeneratedFile {
  /** Path relative to the trail root, `/`-separated. */
  key: string;
  /** `{"Records":[...]}` as CloudTrail writes it (one line, no spaces), or as `indent` says. */
  text: string;
}

/** What the reader must report for `roleArn` over `window`. */
export interface TrailTruth {
  files: number;
  records: number;
  /** Uncompressed bytes. */
  bytes: number;
  roleFiles: number;
  /** The role's API calls in the window, each event ID once. */
  recordsMatched: number;
  duplicateRecords: number;
  recordsOutsideWindow: number;
  recordsNotApiCalls: number;
  /** The window that holds every day of the trail: `from` the first day, `to` the next midnight. */
  window: { from: string; to: string };
  days: number;
  /**
   * With `fleet` over 1: every role's figures, `roleArn`'s first (the top-level figures are
   * `roleArn`'s too). Absent otherwise, so that a single role's truth is what it always was.
   */
  roles?: RoleTruth[];
}

/** What the reader must report for one role of a fleet over `TrailTruth.window`. */
export interface RoleTruth {
  roleArn: string;
  /** The files that hold its records (and other mentions of its name). */
  roleFiles: number;
  /** Its API calls in the window, each event ID once. */
  recordsMatched: number;
  duplicateRecords: number;
  recordsOutsideWindow: number;
  recordsNotApiCalls: number;
}

export const DEFAULT_SPEC: TrailSpec = {
  seed: 20261001,
  records: 200_000,
  recordsPerFile: 100,
  roleFileShare: 0.1,
  roleRecordShare: 0.2,
  roleArn: 'arn:aws:iam::111122223333:role/service/orders-api',
  organizationId: 'o-a1b2c3d4e5',
  accounts: ['111122223333', '222233334444', '333344445555', '444455556666'],
  regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
  firstDay: '2026-10-01',
};

const FILES_PER_DAY = 288;
const DAY_MS = 86_400_000;

/** mulberry32: small, fast and good enough for test data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  upper(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[this.int(chars.length)]!;
    return out;
  }

  alnum(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[this.int(chars.length)]!;
    return out;
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
type Rec = Record<string, Json | undefined>;

interface Call {
  source: string;
  name: string;
  data?: boolean;
  readOnly: boolean;
  params: (r: Random, ctx: Ctx) => Json;
  response?: (r: Random, ctx: Ctx) => Json;
}

interface Ctx {
  account: string;
  region: string;
}

const bucket = (ctx: Ctx): string => `orders-${ctx.account}-${ctx.region}`;

/** The calls the role makes: about twenty distinct events over eight services. */
const ROLE_CALLS: Call[] = [
  {
    source: 's3.amazonaws.com',
    name: 'GetObject',
    data: true,
    readOnly: true,
    params: (r, c) => ({
      bucketName: bucket(c),
      Host: `${bucket(c)}.s3.${c.region}.amazonaws.com`,
      key: `orders/2026/${r.hex(12)}.json`,
    }),
  },
  {
    source: 's3.amazonaws.com',
    name: 'PutObject',
    data: true,
    readOnly: false,
    params: (r, c) => ({
      bucketName: bucket(c),
      Host: `${bucket(c)}.s3.${c.region}.amazonaws.com`,
      key: `orders/2026/${r.hex(12)}.json`,
    }),
  },
  {
    source: 's3.amazonaws.com',
    name: 'ListObjectsV2',
    readOnly: true,
    params: (_r, c) => ({
      bucketName: bucket(c),
      'list-type': '2',
      prefix: 'orders/',
      Host: `${bucket(c)}.s3.${c.region}.amazonaws.com`,
    }),
  },
  {
    source: 'dynamodb.amazonaws.com',
    name: 'GetItem',
    data: true,
    readOnly: true,
    params: (r) => ({
      tableName: 'orders',
      key: { id: `ord-${r.hex(10)}` },
      consistentRead: false,
    }),
  },
  {
    source: 'dynamodb.amazonaws.com',
    name: 'PutItem',
    data: true,
    readOnly: false,
    params: (r) => ({ tableName: 'orders', key: { id: `ord-${r.hex(10)}` } }),
  },
  {
    source: 'dynamodb.amazonaws.com',
    name: 'Query',
    data: true,
    readOnly: true,
    params: () => ({ tableName: 'orders', indexName: 'by-customer', limit: 50 }),
  },
  {
    source: 'dynamodb.amazonaws.com',
    name: 'DescribeTable',
    readOnly: true,
    params: () => ({ tableName: 'orders' }),
  },
  {
    source: 'sqs.amazonaws.com',
    name: 'SendMessage',
    data: true,
    readOnly: false,
    params: (_r, c) => ({
      queueUrl: `https://sqs.${c.region}.amazonaws.com/${c.account}/orders-events`,
    }),
    response: (r) => ({ mD5OfMessageBody: r.hex(32), messageId: r.uuid() }),
  },
  {
    source: 'sqs.amazonaws.com',
    name: 'GetQueueUrl',
    readOnly: true,
    params: () => ({ queueName: 'orders-events' }),
  },
  {
    source: 'kms.amazonaws.com',
    name: 'Decrypt',
    readOnly: true,
    params: () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
  },
  {
    source: 'kms.amazonaws.com',
    name: 'GenerateDataKey',
    readOnly: true,
    params: (_r, c) => ({
      keyId: `arn:aws:kms:${c.region}:${c.account}:alias/orders`,
      keySpec: 'AES_256',
    }),
  },
  {
    source: 'secretsmanager.amazonaws.com',
    name: 'GetSecretValue',
    readOnly: true,
    params: (_r, c) => ({
      secretId: `arn:aws:secretsmanager:${c.region}:${c.account}:secret:orders/db-AbCdEf`,
    }),
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'Invoke',
    data: true,
    readOnly: false,
    params: (_r, c) => ({
      functionName: `arn:aws:lambda:${c.region}:${c.account}:function:orders-pricing`,
    }),
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'GetFunctionConfiguration20150331v2',
    readOnly: true,
    params: () => ({ functionName: 'orders-pricing' }),
  },
  {
    source: 'sns.amazonaws.com',
    name: 'Publish',
    readOnly: false,
    params: (_r, c) => ({ topicArn: `arn:aws:sns:${c.region}:${c.account}:orders` }),
    response: (r) => ({ messageId: r.uuid() }),
  },
  {
    source: 'monitoring.amazonaws.com',
    name: 'PutMetricData',
    readOnly: false,
    params: () => ({ namespace: 'Orders' }),
  },
  {
    source: 'logs.amazonaws.com',
    name: 'CreateLogStream',
    readOnly: false,
    params: (r) => ({ logGroupName: '/orders/api', logStreamName: `2026/10/${r.hex(16)}` }),
  },
  {
    source: 'ssm.amazonaws.com',
    name: 'GetParameter',
    readOnly: true,
    params: () => ({ name: '/orders/config', withDecryption: true }),
  },
];

/** What everyone else does. */
const OTHER_CALLS: Call[] = [
  ...ROLE_CALLS,
  {
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    readOnly: true,
    params: () => ({ instancesSet: {}, filterSet: {} }),
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'DescribeSecurityGroups',
    readOnly: true,
    params: () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }),
  },
  {
    source: 'iam.amazonaws.com',
    name: 'ListRoles',
    readOnly: true,
    params: () => null,
  },
  {
    source: 'cloudformation.amazonaws.com',
    name: 'DescribeStacks',
    readOnly: true,
    params: (r) => ({ stackName: `app-${r.hex(6)}` }),
  },
  {
    source: 'ecr.amazonaws.com',
    name: 'GetAuthorizationToken',
    readOnly: true,
    params: () => ({ registryIds: [] }),
  },
  {
    source: 'logs.amazonaws.com',
    name: 'DescribeLogGroups',
    readOnly: true,
    params: () => ({ limit: 50 }),
  },
  {
    source: 's3.amazonaws.com',
    name: 'HeadObject',
    data: true,
    readOnly: true,
    params: (r, c) => ({
      bucketName: `data-${c.account}`,
      Host: `data-${c.account}.s3.${c.region}.amazonaws.com`,
      key: `raw/${r.hex(20)}`,
    }),
  },
];

const OTHER_ROLES = [
  'role/ci-deployer',
  'role/service/billing-api',
  'role/service/orders-worker',
  'role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_6f1e0b2c3d4a5e6f',
  'role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
  'role/lambda/reporting-nightly',
];

const USER_AGENTS = [
  'aws-sdk-js/3.654.0 ua/2.1 os/linux#5.10.226-214.880.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/s3#3.654.0',
  'Boto3/1.35.20 md/Botocore#1.35.20 ua/2.0 os/linux#5.10.225 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.20',
  'aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0-1015-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#s3.ls',
  'aws-sdk-go-v2/1.30.5 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64 api/dynamodb#1.34.10',
];

function roleSession(roleArn: string, sessionName: string, r: Random): Rec {
  const [, partition = 'aws', , , account = '', resource = ''] = roleArn.split(':');
  const name = resource.split('/').pop() ?? '';
  const roleId = `AROA${r.upper(17)}`;
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${sessionName}`,
    arn: `arn:${partition}:sts::${account}:assumed-role/${name}/${sessionName}`,
    accountId: account,
    accessKeyId: `ASIA${r.upper(16)}`,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: roleArn,
        accountId: account,
        userName: name,
      },
      webIdFederationData: {},
      attributes: { creationDate: '2026-10-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

function tls(r: Random, host: string): Rec {
  return {
    tlsVersion: r.chance(0.8) ? 'TLSv1.3' : 'TLSv1.2',
    cipherSuite: r.chance(0.8) ? 'TLS_AES_128_GCM_SHA256' : 'ECDHE-RSA-AES128-GCM-SHA256',
    clientProvidedHostHeader: host,
  };
}

function ip(r: Random): string {
  return `${10 + r.int(200)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
}

const DENIED = ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation'];
const OTHER_ERRORS = [
  ['NoSuchKey', 'The specified key does not exist.'],
  ['ThrottlingException', 'Rate exceeded'],
  ['ResourceNotFoundException', 'Requested resource not found'],
  ['ConditionalCheckFailedException', 'The conditional request failed'],
] as const;

function apiRecord(
  r: Random,
  identity: Rec,
  call: Call,
  ctx: Ctx,
  time: string,
  options: { error?: 'denied' | 'other'; eventType?: string } = {},
): Rec {
  const host = `${call.source.replace('.amazonaws.com', '')}.${ctx.region}.amazonaws.com`;
  const record: Rec = {
    eventVersion: call.data ? '1.09' : '1.10',
    userIdentity: identity,
    eventTime: time,
    eventSource: call.source,
    eventName: call.name,
    awsRegion: ctx.region,
    sourceIPAddress: ip(r),
    userAgent: r.pick(USER_AGENTS),
  };
  if (options.error === 'denied') {
    const code = r.pick(DENIED);
    const prefix =
      call.source === 'monitoring.amazonaws.com' ? 'cloudwatch' : call.source.split('.')[0]!;
    const action = `${prefix}:${call.name.replace(/20\d{6}(v\d)?$/, '')}`;
    record.errorCode = code;
    record.errorMessage = `User: ${typeof identity.arn === 'string' ? identity.arn : ''} is not authorized to perform: ${action} on resource: arn:aws:${prefix}:${ctx.region}:${ctx.account}:${r.hex(8)} because no identity-based policy allows the ${action} action`;
  } else if (options.error === 'other') {
    const [code, message] = r.pick(OTHER_ERRORS);
    record.errorCode = code;
    record.errorMessage = message;
  }
  record.requestParameters = call.params(r, ctx);
  record.responseElements =
    options.error === undefined && call.response ? call.response(r, ctx) : null;
  if (call.data && call.source === 's3.amazonaws.com') {
    record.additionalEventData = {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': `${r.alnum(56)}=`,
      bytesTransferredOut: r.int(200_000),
    };
  }
  record.requestID = r.chance(0.5) ? r.uuid() : r.upper(16);
  record.eventID = r.uuid();
  record.readOnly = call.readOnly;
  if (call.data) {
    record.resources = [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket(ctx)}/orders/${r.hex(12)}.json` },
      { accountId: ctx.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket(ctx)}` },
    ];
  }
  record.eventType = options.eventType ?? 'AwsApiCall';
  record.managementEvent = !call.data;
  record.recipientAccountId = ctx.account;
  if (r.chance(0.1)) record.sharedEventID = r.uuid();
  record.eventCategory = call.data ? 'Data' : 'Management';
  record.tlsDetails = tls(r, host);
  return record;
}

/** AWS services calling for themselves: STS AssumeRole with credentials, KMS for S3, ... */
function serviceRecord(r: Random, ctx: Ctx, time: string, assumedRoleArn: string): Rec {
  const service = r.pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']);
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'AWSService', invokedBy: service },
    eventTime: time,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: ctx.region,
    sourceIPAddress: service,
    userAgent: service,
    requestParameters: {
      roleArn: assumedRoleArn,
      roleSessionName: r.hex(32),
      durationSeconds: 3600,
    },
    responseElements: {
      credentials: {
        accessKeyId: `ASIA${r.upper(16)}`,
        sessionToken: `IQoJb3JpZ2luX2VjE${r.alnum(600)}`,
        expiration: 'Oct 1, 2026, 1:00:00 PM',
      },
      assumedRoleUser: {
        assumedRoleId: `AROA${r.upper(17)}:${r.hex(32)}`,
        arn: `${assumedRoleArn.replace(':iam::', ':sts::').replace(/:role\/(.*\/)?/, ':assumed-role/')}/${r.hex(32)}`,
      },
    },
    requestID: r.uuid(),
    eventID: r.uuid(),
    readOnly: true,
    resources: [{ accountId: ctx.account, type: 'AWS::IAM::Role', ARN: assumedRoleArn }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ctx.account,
    sharedEventID: r.uuid(),
    eventCategory: 'Management',
  };
}

function userIdentity(r: Random, account: string): Rec {
  const name = r.pick(['alice', 'bob', 'terraform', 'backup-bot']);
  return {
    type: 'IAMUser',
    principalId: `AIDA${r.upper(17)}`,
    arn: `arn:aws:iam::${account}:user/${name}`,
    accountId: account,
    accessKeyId: `AKIA${r.upper(16)}`,
    userName: name,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
}

/** A role of the trail: `roleArn`, then with `fleet` the others. */
interface TrailRole {
  arn: string;
  name: string;
  /** Its session names are this, `-` and a hex. */
  sessionPrefix: string;
  /** The role under the same name in another account, which others' records mention. */
  twinArn: string;
}

/** One role's figures in the truth, as they are counted while the files are generated. */
type RoleCounts = Omit<RoleTruth, 'roleArn'>;
type CountKey =
  'recordsMatched' | 'duplicateRecords' | 'recordsOutsideWindow' | 'recordsNotApiCalls';

/**
 * The roles of the trail, `roleArn` first; with `fleet` over 1, then `role/service/fleet-01`,
 * `fleet-02`, ... in its account: names of one width, so that none is part of another (nor of
 * `orders-api`), and a reader looking for one never finds it inside another.
 */
export function fleetRoleArns(spec: TrailSpec): string[] {
  const [, partition = 'aws', , , account = ''] = spec.roleArn.split(':');
  const count = Math.max(1, spec.fleet ?? 1);
  const width = Math.max(2, String(count - 1).length);
  const others = Array.from(
    { length: count - 1 },
    (_, i) =>
      `arn:${partition}:iam::${account}:role/service/fleet-${String(i + 1).padStart(width, '0')}`,
  );
  return [spec.roleArn, ...others];
}

function trailRoles(spec: TrailSpec): TrailRole[] {
  const roleAccount = spec.roleArn.split(':')[4] ?? '';
  const twinAccount = spec.accounts.find((a) => a !== roleAccount) ?? '999999999999';
  return fleetRoleArns(spec).map((arn, i) => {
    const [, partition = 'aws', , , , resource = ''] = arn.split(':');
    const name = resource.split('/').pop() ?? '';
    return {
      arn,
      name,
      // `roleArn`'s sessions have always been `orders-api-...` whatever its name; changing
      // that would change every trail the tests and the README's figures were made from.
      sessionPrefix: i === 0 ? 'orders-api' : name,
      twinArn: `arn:${partition}:iam::${twinAccount}:role/service/${name}`,
    };
  });
}

/** Records per file: a deterministic spread that sums to exactly `records`. */
function fileSizes(r: Random, records: number, fileCount: number): number[] {
  const sizes: number[] = [];
  let left = records;
  for (let i = 0; i < fileCount; i++) {
    const remaining = fileCount - i;
    const mean = left / remaining;
    const size =
      i === fileCount - 1
        ? left
        : Math.max(1, Math.min(left - (remaining - 1), Math.round(mean * (0.1 + 1.9 * r.next()))));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Per file, the indexes of the roles whose records it holds (ascending). `roleArn` is in
 * evenly spread files, exactly round(share × files) of them, as before fleets. Each other role
 * gets as many files, a uniform sample drawn from a generator apart from the records' one:
 * independent samples, not a partition of the files, because the roles of a fleet are
 * unrelated workloads. So they overlap as chance says (10 roles at 10 %: about 35 % of the
 * files hold none, 39 % one, 26 % two or more), and files shared by several principals are
 * read too; a partition would put a name in every file and never two in one.
 */
function roleFileSets(spec: TrailSpec, fileCount: number, roles: number): number[][] {
  const perFile: number[][] = Array.from({ length: fileCount }, () => []);
  const count = Math.round(spec.roleFileShare * fileCount);
  const evenly = (i: number): boolean =>
    count > 0 && Math.floor(((i + 1) * count) / fileCount) > Math.floor((i * count) / fileCount);
  for (let i = 0; i < fileCount; i++) if (evenly(i)) perFile[i]!.push(0);
  const r = new Random(spec.seed ^ 0x5eedf1ee);
  const order = Array.from({ length: fileCount }, (_, i) => i);
  const sample = Math.min(count, fileCount);
  for (let role = 1; role < roles; role++) {
    // A partial Fisher-Yates shuffle: its first `sample` places are a uniform sample.
    for (let k = 0; k < sample; k++) {
      const j = k + r.int(fileCount - k);
      [order[k], order[j]] = [order[j]!, order[k]!];
      perFile[order[k]!]!.push(role);
    }
  }
  return perFile;
}

/**
 * Which of a file's roles (`roles`, indexes) makes the next record, or -1 for someone else:
 * each role `share` of the records, or an equal part of them all when share × roles > 1. One
 * draw, none in a file without roles: for one role exactly the `r.chance(share)` of
 * single-role trails.
 */
function recordOwner(r: Random, roles: readonly number[], share: number): number {
  if (roles.length === 0) return -1;
  const each = Math.min(share, 1 / roles.length);
  const u = r.next();
  if (!(u < each * roles.length)) return -1;
  return roles[Math.min(roles.length - 1, Math.floor(u / each))]!;
}

/**
 * Writes the records of the files, in order, with the one random generator of the trail, and
 * counts each role's records into its truths (the top level for `roleArn`, plus its entry of
 * `roles` in a fleet).
 */
class RecordWriter {
  /** Per role, the duplicate waiting in each account and region (by stream), and its time. */
  private readonly pending: Map<object, { text: string; time: number }>[];

  constructor(
    private readonly r: Random,
    private readonly roles: TrailRole[],
    private readonly sinks: RoleCounts[][],
    private readonly partition: string,
    private readonly start: number,
    private readonly roleRecordShare: number,
    /** A waiting duplicate is dropped once the files are delivered this long after its call. */
    private readonly maxDuplicateDelayMs: number,
  ) {
    this.pending = roles.map(() => new Map<object, { text: string; time: number }>());
  }

  /** The records of one file, as JSON texts. */
  records(size: number, stream: object, ctx: Ctx, delivered: number, roles: number[]): string[] {
    const parts: string[] = [];
    for (let k = 0; k < size; k++) {
      // Records happen up to 15 minutes before delivery; a few of the very first files carry
      // records from before the window.
      const time = delivered - 60_000 - this.r.int(14 * 60_000);
      const owner = recordOwner(this.r, roles, this.roleRecordShare);
      parts.push(
        owner >= 0
          ? this.roleRecord(owner, stream, ctx, time, delivered)
          : JSON.stringify(this.otherRecord(roles, ctx, time)),
      );
    }
    return parts;
  }

  private count(role: number, key: CountKey): void {
    for (const truth of this.sinks[role]!) truth[key]++;
  }

  private roleRecord(
    owner: number,
    stream: object,
    ctx: Ctx,
    time: number,
    delivered: number,
  ): string {
    const { r } = this;
    const role = this.roles[owner]!;
    // CloudTrail delivers a duplicate to the folder of the same account and region, in a later
    // file: one waiting duplicate per role, account and region. Dropping one that waited too
    // long draws nothing, so trails where none does are unchanged.
    const pending = this.pending[owner]!;
    const duplicate = pending.get(stream);
    if (duplicate !== undefined && delivered - duplicate.time > this.maxDuplicateDelayMs) {
      pending.delete(stream);
    } else if (duplicate !== undefined && r.chance(0.5)) {
      pending.delete(stream);
      this.count(owner, 'duplicateRecords');
      return duplicate.text;
    }
    const identity = roleSession(role.arn, `${role.sessionPrefix}-${r.hex(8)}`, r);
    const call = r.pick(ROLE_CALLS);
    const inWindow = time >= this.start;
    if (!inWindow) this.count(owner, 'recordsOutsideWindow');
    const kind = r.next();
    if (kind < 0.005) {
      // A service event in the role's name: not a use of a permission.
      if (inWindow) this.count(owner, 'recordsNotApiCalls');
      return JSON.stringify(
        apiRecord(r, identity, call, ctx, iso(time), { eventType: 'AwsServiceEvent' }),
      );
    }
    const error = kind < 0.03 ? 'denied' : kind < 0.06 ? 'other' : undefined;
    const text = JSON.stringify(
      apiRecord(r, identity, call, ctx, iso(time), error ? { error } : {}),
    );
    if (inWindow) {
      this.count(owner, 'recordsMatched');
      if (!pending.has(stream) && r.chance(0.002)) pending.set(stream, { text, time });
    }
    return text;
  }

  private otherRecord(roles: number[], ctx: Ctx, time: number): Rec {
    const { r } = this;
    const at = iso(time < this.start ? this.start + r.int(60_000) : time);
    const kind = r.next();
    if (roles.length > 0 && kind < 0.04) {
      // Others naming one of the file's roles: STS handing out its sessions, CI reading it,
      // its twin.
      const named = this.roles[roles.length === 1 ? roles[0]! : r.pick(roles)]!;
      const pick = r.int(3);
      if (pick === 0) return serviceRecord(r, ctx, at, named.arn);
      if (pick === 1) {
        const ci = `arn:${this.partition}:iam::${ctx.account}:role/ci-deployer`;
        return apiRecord(
          r,
          roleSession(ci, `ci-${r.hex(6)}`, r),
          {
            source: 'iam.amazonaws.com',
            name: 'GetRole',
            readOnly: true,
            params: () => ({ roleName: named.name }),
          },
          ctx,
          at,
        );
      }
      return apiRecord(
        r,
        roleSession(named.twinArn, `twin-${r.hex(8)}`, r),
        r.pick(ROLE_CALLS),
        ctx,
        at,
      );
    }
    return bystanderRecord(r, this.partition, ctx, at, kind);
  }
}

/** A record of no role of the trail, by `kind` (a draw in [0.04, 1) in role files). */
function bystanderRecord(r: Random, partition: string, ctx: Ctx, time: string, kind: number): Rec {
  const otherRole = (): string => `arn:${partition}:iam::${ctx.account}:${r.pick(OTHER_ROLES)}`;
  if (kind < 0.4) {
    const arn = otherRole();
    return apiRecord(
      r,
      roleSession(arn, r.chance(0.5) ? r.hex(16) : `session-${r.hex(6)}`, r),
      r.pick(OTHER_CALLS),
      ctx,
      time,
      r.chance(0.05) ? { error: r.chance(0.5) ? 'denied' : 'other' } : {},
    );
  }
  if (kind < 0.55) return serviceRecord(r, ctx, time, otherRole());
  if (kind < 0.7) {
    return apiRecord(
      r,
      userIdentity(r, ctx.account),
      r.pick(OTHER_CALLS),
      ctx,
      time,
      r.chance(0.1) ? { error: 'denied' } : {},
    );
  }
  if (kind < 0.75) {
    return apiRecord(
      r,
      { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
      OTHER_CALLS[9]!,
      ctx,
      time,
      { eventType: 'AwsServiceEvent' },
    );
  }
  // KMS and S3 calls made by services on behalf of roles: the bulk of a real trail.
  const identity = roleSession(otherRole(), r.hex(16), r);
  identity.invokedBy = r.pick([
    's3.amazonaws.com',
    'lambda.amazonaws.com',
    'secretsmanager.amazonaws.com',
  ]);
  return apiRecord(r, identity, r.pick(ROLE_CALLS.filter((c) => c.data === true)), ctx, time);
}

/**
 * The files of the trail, in a deterministic order, and (once the generator is done) the truth.
 * Records per file vary between a tenth of and twice the mean; a file is delivered about every
 * five minutes per account and region over as many days as the record count needs.
 */
export function generateTrail(spec: TrailSpec): {
  files: Iterable<GeneratedFile>;
  truth: TrailTruth;
} {
  const r = new Random(spec.seed);
  const streams = spec.accounts.flatMap((account) =>
    spec.regions.map((region) => ({ account, region })),
  );
  const fileCount = Math.max(1, Math.round(spec.records / spec.recordsPerFile));
  const perStream = Math.ceil(fileCount / streams.length);
  const days = Math.max(1, Math.ceil(perStream / FILES_PER_DAY));
  const start = Date.parse(`${spec.firstDay}T00:00:00Z`);
  const step = (days * DAY_MS) / perStream;
  const sizes = fileSizes(r, spec.records, fileCount);
  const roles = trailRoles(spec);
  const fileRoles = roleFileSets(spec, fileCount, roles.length);
  const { truth, sinks } = emptyTruth(spec, roles, fileRoles, start, days);
  const [, partition = 'aws'] = spec.roleArn.split(':');
  const writer = new RecordWriter(
    r,
    roles,
    sinks,
    partition,
    start,
    spec.roleRecordShare,
    // The reader finds a duplicate delivered within six hours of its call (CloudTrail's come
    // within minutes). A fleet role, in a random tenth of the files, can go longer without a
    // file in an account and region, so its duplicates wait three hours at most. A single
    // role's have no limit: its trails stay byte for byte what they were.
    roles.length > 1 ? 3 * 3_600_000 : Infinity,
  );

  function* files(): Generator<GeneratedFile> {
    for (let i = 0; i < fileCount; i++) {
      const stream = streams[i % streams.length]!;
      const slot = Math.floor(i / streams.length);
      const delivered = start + slot * step + r.int(60_000);
      const ctx: Ctx = { account: stream.account, region: stream.region };
      const parts = writer.records(sizes[i]!, stream, ctx, delivered, fileRoles[i]!);
      const compact = `{"Records":[${parts.join(',')}]}`;
      const text =
        spec.indent === undefined
          ? compact
          : JSON.stringify(JSON.parse(compact), null, spec.indent);
      truth.bytes += Buffer.byteLength(text);
      const day = new Date(delivered).toISOString().slice(0, 10).replaceAll('-', '/');
      const key =
        `AWSLogs/${spec.organizationId}/${ctx.account}/CloudTrail/${ctx.region}/${day}/` +
        `${ctx.account}_CloudTrail_${ctx.region}_${stamp(delivered)}_${r.alnum(16)}.json.gz`;
      yield { key, text };
    }
  }
  return { files: files(), truth };
}

/**
 * The truth before the files are generated, and per role where its counts go: the top level
 * is `roleArn`'s; a fleet's truth has `roles` too (absent otherwise, so that a single role's
 * truth is what it always was).
 */
function emptyTruth(
  spec: TrailSpec,
  roles: TrailRole[],
  fileRoles: number[][],
  start: number,
  days: number,
): { truth: TrailTruth; sinks: RoleCounts[][] } {
  const roleFiles = roles.map((_, j) => fileRoles.filter((held) => held.includes(j)).length);
  const truth: TrailTruth = {
    files: fileRoles.length,
    records: spec.records,
    bytes: 0,
    roleFiles: roleFiles[0]!,
    recordsMatched: 0,
    duplicateRecords: 0,
    recordsOutsideWindow: 0,
    recordsNotApiCalls: 0,
    window: { from: iso(start), to: iso(start + days * DAY_MS) },
    days,
  };
  if (roles.length === 1) return { truth, sinks: [[truth]] };
  truth.roles = roles.map((role, j) => ({
    roleArn: role.arn,
    roleFiles: roleFiles[j]!,
    recordsMatched: 0,
    duplicateRecords: 0,
    recordsOutsideWindow: 0,
    recordsNotApiCalls: 0,
  }));
  return { truth, sinks: truth.roles.map((own, j) => (j === 0 ? [truth, own] : [own])) };
}
