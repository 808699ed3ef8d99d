import type { CloudTrailRecord } from '../types.js';

/**
 * The request parameters of a record that change which IAM actions its call needed, as short
 * facts (the mapping stage turns them into actions, mapping/parameters.ts):
 *
 * - `versionId`: an S3 object call on a given version (`GetObject` then needs
 *   `s3:GetObjectVersion`);
 * - `bypass-governance`: the `x-amz-bypass-governance-retention` header
 *   (`s3:BypassGovernanceRetention`);
 * - `acl`: a canned ACL or grant header on an upload or a new bucket (`s3:PutObjectAcl`,
 *   `s3:PutBucketAcl`);
 * - `tagging`: the `x-amz-tagging` header on an upload (`s3:PutObjectTagging`);
 * - `role <arn>`: a write call of another service handed an IAM role (`iam:PassRole` on it): a
 *   parameter named like a role (`roleArn`, `role`, `executionRoleArn`, `ServiceRole`, ...)
 *   holding a role ARN;
 * - `instance-profile <arn or name>`: an EC2 call given an instance profile (passing its role).
 *
 * Pure and bounded: a few facts per record, parameters read at most a few levels deep.
 */
export function requestFacts(record: CloudTrailRecord): string[] {
  const params = record.requestParameters;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return [];
  const p = params as Record<string, unknown>;
  const facts = new Set<string>();
  if (nonEmptyString(p.versionId) || nonEmptyString(p.VersionId)) facts.add('versionId');
  if (isTrue(p['x-amz-bypass-governance-retention']) || isTrue(p.bypassGovernanceRetention)) {
    facts.add('bypass-governance');
  }
  for (const key of Object.keys(p)) {
    const lower = key.toLowerCase();
    if (lower === 'x-amz-acl' || lower.startsWith('x-amz-grant-')) facts.add('acl');
    if (lower === 'x-amz-tagging') facts.add('tagging');
  }
  const source = record.eventSource ?? '';
  // Roles handed to services; IAM's and STS's own calls name roles without passing them.
  if (source !== 'iam.amazonaws.com' && source !== 'sts.amazonaws.com' && !isReadOnly(record)) {
    for (const arn of passedRoles(p, 0)) {
      facts.add(`role ${arn}`);
      if (facts.size >= MAX_FACTS) break;
    }
    const profile = p.iamInstanceProfile;
    if (typeof profile === 'object' && profile !== null) {
      const { arn, name } = profile as { arn?: unknown; name?: unknown };
      const id = nonEmptyString(arn) ? arn : nonEmptyString(name) ? name : '';
      facts.add(`instance-profile ${id}`.trim());
    }
  }
  return [...facts].sort().slice(0, MAX_FACTS);
}

const MAX_FACTS = 8;
const MAX_DEPTH = 3;
const ROLE_KEY = /role(arn)?$/i;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function passedRoles(value: Record<string, unknown>, depth: number): string[] {
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') {
      if (ROLE_KEY.test(key) && ROLE_ARN.test(v)) found.push(v);
    } else if (depth < MAX_DEPTH && typeof v === 'object' && v !== null) {
      const items: unknown[] = Array.isArray(v) ? v.slice(0, 20) : [v];
      for (const item of items) {
        if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
          found.push(...passedRoles(item as Record<string, unknown>, depth + 1));
        }
      }
    }
    if (found.length >= MAX_FACTS) break;
  }
  return found;
}

function isReadOnly(record: CloudTrailRecord): boolean {
  if (typeof record.readOnly === 'boolean') return record.readOnly;
  return /^(Get|List|Describe|Head|Search|Lookup|BatchGet)/.test(record.eventName ?? '');
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
