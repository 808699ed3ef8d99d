import type { CloudTrailRecord } from './types.js';
import { UserError } from '../util/errors.js';

/**
 * The kinds of principal whose permissions are tightened: an IAM role, an IAM user, or an IAM
 * Identity Center permission set (its `AWSReservedSSO_<name>_<suffix>` roles in every account).
 */
export type PrincipalType = 'role' | 'user' | 'permission-set';

/**
 * The principal under analysis: an IAM role or user, by full ARN (with its path) or by plain
 * name. Role names and user names are each unique within an account whatever their path. A
 * permission set is by name, or by ARN (`permissionSetArn`), whose name is looked up through
 * sso-admin before the read (`name` is empty until then).
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
  | { type: PrincipalType; kind: 'name'; name: string; permissionSetArn?: string };

/** The parts of an IAM role or user ARN. */
export interface IamArnParts {
  type: PrincipalType;
  partition: string;
  account: string;
  path: string;
  name: string;
}

const PRINCIPAL_NAME = /^[\w+=,.@-]{1,64}$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
const PERMISSION_SET_ARN =
  /^arn:(aws|aws-[a-z-]+):sso:::permissionSet\/(?:sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
/** The path of the roles Identity Center provisions, before any region segment. */
export const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
/** How the name of every role Identity Center provisions starts. */
export const SSO_ROLE_PREFIX = 'AWSReservedSSO_';
const SSO_ROLE_SUFFIX = /^_[0-9a-fA-F]{16}$/;
const IAM_ARN = /^arn:(aws|aws-[a-z-]+):iam::(\d{12}):(role|user)(\/(?:[\x21-\x7e]+\/)?)?([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:(aws|aws-[a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\//;

/** Roles AWS defines for its services: their policies cannot be edited by customers. */
const SERVICE_LINKED_PATH = '/aws-service-role/';
const SERVICE_LINKED_NAME = /^AWSServiceRoleFor/;

const EXAMPLES: Record<PrincipalType, string> = {
  role: 'a role ARN (arn:aws:iam::123456789012:role/path/role-name) nor a role name',
  user: 'a user ARN (arn:aws:iam::123456789012:user/path/user-name) nor a user name',
  'permission-set':
    'a permission set ARN (arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef) nor a permission set name (at most 32 characters)',
};

/** Parses a role or user as given to the tool: its ARN, or its name. */
export function parsePrincipalRef(
  value: string,
  type: PrincipalType,
  inputName: string,
): PrincipalRef {
  const text = value.trim();
  if (type === 'permission-set') return parsePermissionSetRef(text, value, inputName);
  const arn = parseIamArn(text);
  let ref: PrincipalRef;
  if (arn && arn.type === type && PRINCIPAL_NAME.test(arn.name)) {
    ref = { ...arn, type, kind: 'arn', arn: text };
  } else if (!text.startsWith('arn:') && PRINCIPAL_NAME.test(text)) {
    ref = { type, kind: 'name', name: text };
  } else {
    throw new UserError(`${inputName}: "${value}" is neither ${EXAMPLES[type]}`);
  }
  if (type === 'role') {
    refuseServiceLinked(ref, inputName);
    refuseIdentityCenterRole(ref, inputName);
  }
  return ref;
}

/** A role Identity Center provisions is changed through its permission set, never in IAM. */
function refuseIdentityCenterRole(ref: PrincipalRef, inputName: string): void {
  const match = ref.name.startsWith(SSO_ROLE_PREFIX)
    ? /^(.+)_[0-9a-fA-F]{16}$/.exec(ref.name.slice(SSO_ROLE_PREFIX.length))
    : null;
  const byPath = ref.kind === 'arn' && ref.path.startsWith(SSO_ROLE_PATH);
  if (!match && !byPath) return;
  const set = match ? ` --permission-set ${match[1]}` : ' the permission set';
  throw new UserError(
    `${inputName}: ${principalLabel(ref)} is a role IAM Identity Center provisions for a permission set: its policies are the permission set's, changed in the management account, and every account has such a role. Give${set} (permission-set in the action) to analyse its roles in every account together.`,
  );
}

function parsePermissionSetRef(text: string, value: string, inputName: string): PrincipalRef {
  if (PERMISSION_SET_ARN.test(text)) {
    return { type: 'permission-set', kind: 'name', name: '', permissionSetArn: text };
  }
  if (!text.startsWith('arn:') && PERMISSION_SET_NAME.test(text)) {
    return { type: 'permission-set', kind: 'name', name: text };
  }
  throw new UserError(`${inputName}: "${value}" is neither ${EXAMPLES['permission-set']}`);
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

/** The principal's kind in prose: `role`, `user`, `permission set`. */
export function principalNoun(type: PrincipalType): string {
  return type === 'permission-set' ? 'permission set' : type;
}

/** The principal as the user gave it: its ARN, or its name. */
export function principalLabel(principal: PrincipalRef): string {
  if (principal.kind === 'arn') return principal.arn;
  return principal.permissionSetArn ?? principal.name;
}

/**
 * The text every record of the principal holds in its caller's ARN or name, which the fast
 * path searches the bytes for: the name, or for a permission set its roles' common prefix.
 */
export function principalNeedle(principal: { type: PrincipalType; name: string }): string {
  return principal.type === 'permission-set'
    ? `${SSO_ROLE_PREFIX}${principal.name}_`
    : principal.name;
}

/**
 * Whether a role is one Identity Center provisioned for the permission set: named
 * `AWSReservedSSO_<name>_<16 hex>`, under `/aws-reserved/sso.amazonaws.com/` (with or without a
 * region segment) when its path is known. The suffix is of fixed length, so a permission set
 * whose name extends another's (`DataAnalystAdmin`, `DataAnalyst`) is never taken for it.
 */
export function isPermissionSetRole(permissionSet: string, role: string, path?: string): boolean {
  const prefix = `${SSO_ROLE_PREFIX}${permissionSet}`;
  if (!role.startsWith(prefix) || !SSO_ROLE_SUFFIX.test(role.slice(prefix.length))) return false;
  return path === undefined || path.startsWith(SSO_ROLE_PATH);
}

/** Who made a record's call, as far as matching a principal needs. */
export interface Caller {
  type: PrincipalType;
  /** The role's or user's ARN (with its path when the record carries it). */
  arn: string;
  partition: string;
  account: string;
  name: string;
  /** The role's or user's path, when the record shows it (a session issuer's ARN does). */
  path?: string;
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
  if (principal.type === 'permission-set') {
    return caller.type === 'role' && isPermissionSetRole(principal.name, caller.name, caller.path);
  }
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
