import type { CloudTrailRecord } from './types.js';
import { UserError } from '../util/errors.js';

/** The role under analysis: a full ARN (with its path), or a plain role name. */
export type RoleRef =
  | { kind: 'arn'; arn: string; partition: string; account: string; path: string; name: string }
  | { kind: 'name'; name: string };

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:(aws|aws-[a-z-]+):iam::(\d{12}):role(\/(?:[\x21-\x7e]+\/)?)?([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:(aws|aws-[a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\//;

export function parseRoleRef(value: string, inputName: string): RoleRef {
  const text = value.trim();
  const arn = ROLE_ARN.exec(text);
  if (arn) {
    const [, partition, account, rawPath, name] = arn as unknown as [
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    if (!ROLE_NAME.test(name)) throw invalidRole(value, inputName);
    const path = rawPath && rawPath.length > 1 ? rawPath : '/';
    return { kind: 'arn', arn: text, partition, account, path, name };
  }
  if (text.startsWith('arn:') || !ROLE_NAME.test(text)) throw invalidRole(value, inputName);
  return { kind: 'name', name: text };
}

function invalidRole(value: string, inputName: string): UserError {
  return new UserError(
    `${inputName}: "${value}" is neither a role ARN (arn:aws:iam::123456789012:role/path/role-name) nor a role name`,
  );
}

/** Parses an IAM role ARN such as a session issuer's; undefined when it is not one. */
export function parseRoleArn(
  arn: string,
): { partition: string; account: string; path: string; name: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, account, rawPath, name] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  return { partition, account, path: rawPath && rawPath.length > 1 ? rawPath : '/', name };
}

export function roleLabel(role: RoleRef): string {
  return role.kind === 'arn' ? role.arn : role.name;
}

/**
 * The role a record's caller acted as: the session issuer's ARN (which keeps the role's path),
 * else the assumed-role ARN (which drops it). Undefined for callers that are not role sessions.
 */
export function callerRole(
  record: CloudTrailRecord,
): { arn: string; partition: string; account: string; name: string } | undefined {
  const identity = record.userIdentity;
  if (!identity) return undefined;
  const issuerArn = identity.sessionContext?.sessionIssuer?.arn;
  if (typeof issuerArn === 'string') {
    const issuer = parseRoleArn(issuerArn);
    if (issuer) return { arn: issuerArn, ...issuer };
  }
  if (identity.type === 'AssumedRole' && typeof identity.arn === 'string') {
    const assumed = ASSUMED_ROLE_ARN.exec(identity.arn);
    if (assumed) {
      const [, partition, account, name] = assumed as unknown as [string, string, string, string];
      return { arn: `arn:${partition}:iam::${account}:role/${name}`, partition, account, name };
    }
  }
  return undefined;
}

/**
 * Whether a record was made by the role. Role names are unique within an account whatever
 * their path, so a full ARN matches on partition, account and name; a plain name matches in
 * every account.
 */
export function matchesRole(
  role: RoleRef,
  caller: { partition: string; account: string; name: string },
): boolean {
  if (role.kind === 'name') return caller.name === role.name;
  return (
    caller.name === role.name &&
    caller.account === role.account &&
    caller.partition === role.partition
  );
}

/** Error codes that mean the call was refused by authorization. Any other error means it was allowed. */
export const DENIED_ERROR_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.AccessDenied',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
]);

export function isDenied(record: CloudTrailRecord): boolean {
  return typeof record.errorCode === 'string' && DENIED_ERROR_CODES.has(record.errorCode);
}

const DENIED_ACTION = /not authorized to perform:?\s*([A-Za-z0-9-]+:[A-Za-z0-9_*-]+)/i;

/**
 * The action a denial message names, as written ('... is not authorized to perform:
 * lambda:ListFunctions on resource: ...' → 'lambda:ListFunctions'); the mapping stage checks it
 * against the catalogue and spells it canonically.
 */
export function deniedActionIn(errorMessage: string): string | undefined {
  return DENIED_ACTION.exec(errorMessage)?.[1];
}
