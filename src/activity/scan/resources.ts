import type { CloudTrailRecord } from '../types.js';
import { partitionOfRegion } from '../principal.js';

/**
 * The resources a call acted on, as ARNs, each with how it was found:
 *
 * - `resources`: the record's own `resources[].ARN` (CloudTrail fills it for data events and
 *   some management events);
 * - `request`: an ARN written in the request parameters (`roleArn`, `topicArn`, `secretId`,
 *   `functionName` given as an ARN, ...), at most two levels deep;
 * - `inferred`: built from a name in the request parameters and the record's partition, region
 *   and account, for the services whose ARN the name fixes: S3 buckets and objects, DynamoDB
 *   tables, SQS queues (from the queue URL), Lambda functions, KMS keys and aliases, SSM
 *   parameters.
 *
 * Sessions' ARNs are left out (`SESSION_ARN`). Each is written `<how> <arn>`, sorted and without repeats, at most `MAX_RESOURCES` per call
 * (the first ones in that order), so that they travel between threads as plain strings and
 * group calls in the scan. Pure and bounded.
 */
export type ResourceSource = 'resources' | 'request' | 'inferred';

export const MAX_RESOURCES = 8;
const MAX_DEPTH = 2;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/s;
/**
 * A session's ARN (`assumed-role/<role>/<session>`, `federated-user/<name>`): sessions are
 * gone within hours, so no policy is scoped to one, and their names are often people's e-mail
 * addresses (Identity Center sessions always are), which no report may print.
 */
const SESSION_ARN = /^arn:[^:]+:sts::[^:]*:(assumed-role|federated-user)\//;
/** Whether the text holds a control character: no ARN does. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

export function callResources(record: CloudTrailRecord): string[] {
  const found = new Map<string, ResourceSource>();
  const add = (arn: string, how: ResourceSource): void => {
    if (arn.length > 2048 || !ARN.test(arn) || hasControl(arn) || SESSION_ARN.test(arn)) return;
    // The most direct evidence wins: the record's own list, then the request as written.
    const before = found.get(arn);
    if (before === undefined || resourceRank(how) < resourceRank(before)) found.set(arn, how);
  };
  if (Array.isArray(record.resources)) {
    for (const resource of record.resources.slice(0, 50)) {
      if (typeof resource?.ARN === 'string') add(resource.ARN, 'resources');
    }
  }
  const params = record.requestParameters;
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    const p = params as Record<string, unknown>;
    for (const arn of arnsIn(p, 0)) add(arn, 'request');
    for (const arn of inferred(record, p)) add(arn, 'inferred');
  }
  return [...found]
    .map(([arn, how]) => `${how} ${arn}`)
    .sort()
    .slice(0, MAX_RESOURCES);
}

/** `how arn` → its parts. */
export function parseResource(encoded: string): { how: ResourceSource; arn: string } {
  const space = encoded.indexOf(' ');
  return { how: encoded.slice(0, space) as ResourceSource, arn: encoded.slice(space + 1) };
}

/** How direct the evidence is: the record's own list (0), the request as written (1), inferred (2). */
export function resourceRank(how: ResourceSource): number {
  return how === 'resources' ? 0 : how === 'request' ? 1 : 2;
}

function arnsIn(value: Record<string, unknown>, depth: number): string[] {
  const found: string[] = [];
  for (const v of Object.values(value)) {
    const items: unknown[] = Array.isArray(v) ? v.slice(0, 20) : [v];
    for (const item of items) {
      if (typeof item === 'string') {
        if (item.startsWith('arn:')) found.push(item);
      } else if (depth < MAX_DEPTH && typeof item === 'object' && item !== null) {
        found.push(...arnsIn(item as Record<string, unknown>, depth + 1));
      }
    }
    if (found.length >= MAX_RESOURCES * 2) break;
  }
  return found;
}

/**
 * A queue URL's region, account and name: `https://sqs.<region>.amazonaws.com/<account>/<name>`,
 * the legacy `https://<region>.queue.amazonaws.com/...` and `https://queue.amazonaws.com/...`
 * (us-east-1).
 */
function queueOf(
  url: string | undefined,
  recordRegion: string,
): { region: string; account: string; name: string } | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = /^\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(parsed.pathname);
  if (!path) return undefined;
  const host = parsed.hostname.toLowerCase();
  const region =
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ??
    /^([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ??
    (host === 'queue.amazonaws.com' ? 'us-east-1' : recordRegion);
  return region ? { region, account: path[1]!, name: path[2]! } : undefined;
}

const KEY_ID =
  /^(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const NAME = /^[\w.-]{1,255}$/;

/** ARNs a name in the request fixes, with the record's partition, region and account. */
function inferred(record: CloudTrailRecord, p: Record<string, unknown>): string[] {
  const region = typeof record.awsRegion === 'string' ? record.awsRegion : '';
  const account =
    typeof record.recipientAccountId === 'string'
      ? record.recipientAccountId
      : typeof record.userIdentity?.accountId === 'string'
        ? record.userIdentity.accountId
        : '';
  const partition = partitionOfRegion(region);
  const str = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const out: string[] = [];
  switch (record.eventSource) {
    case 's3.amazonaws.com': {
      const bucket = str(p.bucketName);
      if (bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket)) break;
      const key = str(p.key);
      out.push(`arn:${partition}:s3:::${bucket}`);
      if (key !== undefined) out.push(`arn:${partition}:s3:::${bucket}/${key}`);
      break;
    }
    case 'dynamodb.amazonaws.com': {
      const table = str(p.tableName);
      if (table !== undefined && NAME.test(table) && region && account) {
        out.push(`arn:${partition}:dynamodb:${region}:${account}:table/${table}`);
      }
      break;
    }
    case 'sqs.amazonaws.com': {
      const queue = queueOf(str(p.queueUrl) ?? str(p.QueueUrl), region);
      if (queue !== undefined) {
        out.push(
          `arn:${partitionOfRegion(queue.region)}:sqs:${queue.region}:${queue.account}:${queue.name}`,
        );
      } else {
        const name = str(p.queueName) ?? str(p.QueueName);
        if (name !== undefined && NAME.test(name) && region && account) {
          out.push(`arn:${partition}:sqs:${region}:${account}:${name}`);
        }
      }
      break;
    }
    case 'lambda.amazonaws.com': {
      const name = str(p.functionName) ?? str(p.FunctionName);
      if (name !== undefined && /^[\w-]{1,140}$/.test(name) && region && account) {
        out.push(`arn:${partition}:lambda:${region}:${account}:function:${name}`);
      }
      break;
    }
    case 'kms.amazonaws.com': {
      const id = str(p.keyId) ?? str(p.KeyId);
      if (id !== undefined && region && account) {
        if (KEY_ID.test(id)) out.push(`arn:${partition}:kms:${region}:${account}:key/${id}`);
        else if (/^alias\/[\w/-]+$/.test(id)) {
          out.push(`arn:${partition}:kms:${region}:${account}:${id}`);
        }
      }
      break;
    }
    case 'ssm.amazonaws.com': {
      const list: unknown[] = Array.isArray(p.names) ? (p.names as unknown[]).slice(0, 10) : [];
      const names: unknown[] = [str(p.name), ...list];
      for (const name of names) {
        if (typeof name !== 'string' || name === '' || name.startsWith('arn:')) continue;
        if (!/^\/?[\w.\-/]{1,2048}$/.test(name) || !region || !account) continue;
        out.push(`arn:${partition}:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`);
      }
      break;
    }
    case undefined:
    default:
      break;
  }
  return out;
}
