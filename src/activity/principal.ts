import type { CloudTrailRecord } from './types.js';
import { UserError } from '../util/errors.js';

/** The kinds of principal whose permissions are tightened. */
export type PrincipalType = 'role' | 'user';

/**
 * The principal under analysis: an IAM role or user, by full ARN (with its path) or by plain
 * name. Role names and user names are each unique within an account whatever their path.
 */
export type PrincipalRef =
  | {
      type: PrincipalType;
      kind: 'arn';
      arn: string;
      partition: string;
      account: string;
      path: string;
      name: string;
    }
  | { type: PrincipalType; kind: 'name'; name: string };

/** The parts of an IAM role or user ARN. */
export interface IamArnParts {
  type: PrincipalType;
  partition: string;
  account: string;
  path: string;
  name: string;
}

const PRINCIPAL_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_ARN = /^arn:(aws|aws-[a-z-]+):iam::(\d{12}):(role|user)(\/(?:[\x21-\x7e]+\/)?)?([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:(aws|aws-[a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\//;

/** Roles AWS defines for its services: their policies cannot be edited by customers. */
const SERVICE_LINKED_PATH = '/aws-service-role/';
const SERVICE_LINKED_NAME = /^AWSServiceRoleFor/;

const EXAMPLES: Record<PrincipalType, string> = {
  role: 'a role ARN (arn:aws:iam::123456789012:role/path/role-name) nor a role name',
  user: 'a user ARN (arn:aws:iam::123456789012:user/path/user-name) nor a user name',
};

/** Parses a role or user as given to the tool: its ARN, or its name. */
export function parsePrincipalRef(
  value: string,
  type: PrincipalType,
  inputName: string,
): PrincipalRef {
  const text = value.trim();
  const arn = parseIamArn(text);
  let ref: PrincipalRef;
  if (arn && arn.type === type && PRINCIPAL_NAME.test(arn.name)) {
    ref = { ...arn, type, kind: 'arn', arn: text };
  } else if (!text.startsWith('arn:') && PRINCIPAL_NAME.test(text)) {
    ref = { type, kind: 'name', name: text };
  } else {
    throw new UserError(`${inputName}: "${value}" is neither ${EXAMPLES[type]}`);
  }
  if (type === 'role') refuseServiceLinked(ref, inputName);
  return ref;
}

/** `parsePrincipalRef` for a role. */
export function parseRoleRef(value: string, inputName: string): PrincipalRef {
  return parsePrincipalRef(value, 'role', inputName);
}

function refuseServiceLinked(ref: PrincipalRef, inputName: string): void {
  const byPath = ref.kind === 'arn' && ref.path.startsWith(SERVICE_LINKED_PATH);
  if (!byPath && !SERVICE_LINKED_NAME.test(ref.name)) return;
  throw new UserError(
    `${inputName}: ${principalLabel(ref)} is a service-linked role (${byPath ? `path ${SERVICE_LINKED_PATH}` : 'its name starts with AWSServiceRoleFor'}): ` +
      'AWS defines its policies and they cannot be edited, so there is nothing to tighten. ' +
      'Give a role of your own (or an IAM user, or a permission set).',
  );
}

/** Parses an IAM role or user ARN such as a session issuer's; undefined when it is not one. */
export function parseIamArn(arn: string): IamArnParts | undefined {
  const match = IAM_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, account, type, rawPath, name] = match as unknown as [
    string,
    string,
    string,
    PrincipalType,
    string | undefined,
    string,
  ];
  return { type, partition, account, path: rawPath && rawPath.length > 1 ? rawPath : '/', name };
}

/** Parses an IAM role ARN such as a session issuer's; undefined when it is not one. */
export function parseRoleArn(
  arn: string,
): { partition: string; account: string; path: string; name: string } | undefined {
  const parts = parseIamArn(arn);
  if (parts?.type !== 'role') return undefined;
  const { partition, account, path, name } = parts;
  return { partition, account, path, name };
}

/** The principal as the user gave it: its ARN, or its name. */
export function principalLabel(principal: PrincipalRef): string {
  return principal.kind === 'arn' ? principal.arn : principal.name;
}

/** Who made a record's call, as far as matching a principal needs. */
export interface Caller {
  type: PrincipalType;
  /** The role's or user's ARN (with its path when the record carries it). */
  arn: string;
  partition: string;
  account: string;
  name: string;
}

/**
 * The role or user a record's caller acted as, or undefined for other callers (AWS services,
 * the root user, Identity Center users, web identities):
 * - a role session: the session issuer's ARN (which keeps the role's path), else the
 *   assumed-role ARN (which drops it);
 * - an IAM user, with access keys, in the console, or with GetSessionToken credentials: its
 *   ARN, else (records of a few console events carry none) its account and `userName`;
 * - a federated user (GetFederationToken): the IAM user that is its session issuer, whose
 *   policies every call of the federated session also needed.
 */
export function callerOf(record: CloudTrailRecord): Caller | undefined {
  const identity = record.userIdentity;
  if (!identity) return undefined;
  const issuerArn = identity.sessionContext?.sessionIssuer?.arn;
  if (typeof issuerArn === 'string') {
    const issuer = parseIamArn(issuerArn);
    if (issuer) return { arn: issuerArn, ...issuer };
  }
  if (identity.type === 'AssumedRole' && typeof identity.arn === 'string') {
    const assumed = ASSUMED_ROLE_ARN.exec(identity.arn);
    if (assumed) {
      const [, partition, account, name] = assumed as unknown as [string, string, string, string];
      const arn = `arn:${partition}:iam::${account}:role/${name}`;
      return { type: 'role', arn, partition, account, name };
    }
  }
  if (identity.type === 'IAMUser') return userCaller(record);
  return undefined;
}

function userCaller(record: CloudTrailRecord): Caller | undefined {
  const identity = record.userIdentity!;
  if (typeof identity.arn === 'string') {
    const user = parseIamArn(identity.arn);
    return user?.type === 'user' ? { arn: identity.arn, ...user } : undefined;
  }
  const { accountId, userName } = identity;
  if (typeof accountId !== 'string' || typeof userName !== 'string') return undefined;
  if (!/^\d{12}$/.test(accountId) || !PRINCIPAL_NAME.test(userName)) return undefined;
  const partition = partitionOfRegion(record.awsRegion);
  const arn = `arn:${partition}:iam::${accountId}:user/${userName}`;
  return { type: 'user', arn, partition, account: accountId, name: userName };
}

/** The partition of a region (`cn-north-1` → `aws-cn`); `aws` when unknown. */
export function partitionOfRegion(region: unknown): string {
  if (typeof region !== 'string') return 'aws';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/**
 * Whether a record was made by the principal. Names are unique within an account whatever
 * the path, so a full ARN matches on type, partition, account and name; a plain name matches
 * in every account.
 */
export function matchesPrincipal(principal: PrincipalRef, caller: Caller): boolean {
  if (caller.type !== principal.type || caller.name !== principal.name) return false;
  if (principal.kind === 'name') return true;
  return caller.account === principal.account && caller.partition === principal.partition;
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
