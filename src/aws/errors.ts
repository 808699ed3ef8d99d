/**
 * Turns AWS SDK errors into messages a user can act on: what was being read, why it failed,
 * and which permission or input to check. The original error's `name` is kept (so callers can
 * still branch on it) and the original error is the `cause`.
 */

/** The README section on granting this job access to an organization trail. */
export const TRAIL_ACCESS_README_SECTION = 'Reading an organization trail from another account';

/** The IAM read permissions the job needs on a role and its policies. */
export const IAM_READ_PERMISSIONS = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
] as const;

/** The IAM read permissions the job needs on a user, its groups and their policies. */
export const IAM_USER_READ_PERMISSIONS = [
  'iam:GetUser',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  'iam:GetUserPolicy',
  'iam:ListGroupsForUser',
  'iam:ListAttachedGroupPolicies',
  'iam:ListGroupPolicies',
  'iam:GetGroupPolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
] as const;

/** What the job needs to read a permission set and its policies through sso-admin. */
export const SSO_READ_PERMISSIONS = [
  'sso:ListInstances',
  'sso:ListPermissionSets',
  'sso:DescribePermissionSet',
  'sso:GetInlinePolicyForPermissionSet',
  'sso:ListManagedPoliciesInPermissionSet',
  'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
  'sso:GetPermissionsBoundaryForPermissionSet',
  'sso:ListAccountsForProvisionedPermissionSet',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
] as const;

export type AwsService = 'S3' | 'IAM' | 'STS' | 'SSO';

/** An AWS failure explained for the user. `name` is the original error's name. */
export class AwsAccessError extends Error {
  /** The service's error code when it differs from `name` (e.g. `NoSuchEntity`). */
  readonly code: string | undefined;
  readonly httpStatusCode: number | undefined;
  /** The service that failed: `STS` for the trail role's AssumeRole. */
  readonly service: AwsService;

  constructor(
    name: string,
    message: string,
    options: {
      cause: unknown;
      service: AwsService;
      code?: string | undefined;
      httpStatusCode?: number | undefined;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = name;
    this.service = options.service;
    this.code = options.code;
    this.httpStatusCode = options.httpStatusCode;
  }
}

interface ErrorFacts {
  name: string;
  /** The wire error code (`Code`) or, failing that, the name. */
  code: string;
  message: string;
  httpStatusCode: number | undefined;
}

function facts(error: unknown): ErrorFacts {
  if (typeof error === 'object' && error !== null) {
    const record = error as {
      name?: unknown;
      Code?: unknown;
      message?: unknown;
      $metadata?: { httpStatusCode?: unknown };
    };
    const name = typeof record.name === 'string' && record.name !== '' ? record.name : 'Error';
    const code = typeof record.Code === 'string' && record.Code !== '' ? record.Code : name;
    const message = typeof record.message === 'string' ? record.message : '';
    const status = record.$metadata?.httpStatusCode;
    return { name, code, message, httpStatusCode: typeof status === 'number' ? status : undefined };
  }
  return { name: 'Error', code: 'Error', message: String(error), httpStatusCode: undefined };
}

function is(f: ErrorFacts, ...codes: string[]): boolean {
  return codes.includes(f.code) || codes.includes(f.name);
}

const CREDENTIAL_CODES = [
  'CredentialsProviderError',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
  'UnrecognizedClientException',
];

const ACCESS_DENIED_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  'AllAccessDisabled',
  'UnauthorizedOperation',
];

function original(f: ErrorFacts): string {
  return f.message === '' ? f.name : `${f.name}: ${f.message}`;
}

function wrap(service: AwsService, error: unknown, f: ErrorFacts, message: string): AwsAccessError {
  return new AwsAccessError(f.name, message, {
    cause: error,
    service,
    code: f.code === f.name ? undefined : f.code,
    httpStatusCode: f.httpStatusCode,
  });
}

function credentialsMessage(f: ErrorFacts, doing: string): string {
  return (
    `${doing} failed: the AWS credentials were missing, invalid or expired (${original(f)}). ` +
    'Configure credentials for the job (for example with aws-actions/configure-aws-credentials) ' +
    'and check they are for the intended account.'
  );
}

function isKmsError(f: ErrorFacts): boolean {
  return (
    f.code.startsWith('KMS.') ||
    f.name.startsWith('KMS.') ||
    /^KMS[A-Z]/.test(f.code) ||
    /\bkms:|\bKMS\b|\bkms key\b|customer master key|ciphertext/i.test(f.message)
  );
}

export interface S3ErrorContext {
  bucket: string;
  /** The prefix being listed (for a listing) or the trail prefix. */
  prefix?: string;
  /** The object being read. */
  key?: string;
  operation: 'ListObjectsV2' | 'GetObject';
}

function s3Location(context: S3ErrorContext): string {
  const path = context.key ?? context.prefix ?? '';
  return `s3://${context.bucket}/${path}`;
}

function permissionsNeeded(context: S3ErrorContext): string {
  const scope =
    context.prefix ?? (context.key !== undefined ? context.key.replace(/[^/]*$/, '') : '');
  return (
    `The credentials reading the trail need s3:ListBucket on arn:aws:s3:::${context.bucket}` +
    (scope !== '' ? ` (it may be limited to the prefix ${scope})` : '') +
    `, s3:GetObject on arn:aws:s3:::${context.bucket}/${scope}*, and kms:Decrypt on the trail's ` +
    'KMS key when the logs are SSE-KMS encrypted; for a bucket in another account its bucket ' +
    'policy (and the key policy) must grant them too, and the objects must be owned by the ' +
    `bucket owner. See the README section "${TRAIL_ACCESS_README_SECTION}".`
  );
}

/** Explains an S3 failure while listing or reading a trail. Already translated errors pass through. */
export function translateS3Error(error: unknown, context: S3ErrorContext): Error {
  if (error instanceof AwsAccessError) return error;
  const f = facts(error);
  const where = s3Location(context);
  const doing = `${context.operation} on ${where}`;
  if (is(f, 'NoSuchBucket')) {
    return wrap(
      'S3',
      error,
      f,
      `The bucket "${context.bucket}" does not exist (${original(f)}). Check the bucket name ` +
        'of the trail (the bucket the organization trail delivers to, not its ARN) and the AWS ' +
        'partition of the credentials.',
    );
  }
  if (isKmsError(f)) {
    return wrap(
      'S3',
      error,
      f,
      `${doing} failed on the logs' KMS encryption (${original(f)}). The logs are SSE-KMS ` +
        "encrypted: the credentials reading them need kms:Decrypt on the trail's KMS key, " +
        'granted by the key policy, and the key must be enabled. See the README section ' +
        `"${TRAIL_ACCESS_README_SECTION}".`,
    );
  }
  if (is(f, ...CREDENTIAL_CODES)) return wrap('S3', error, f, credentialsMessage(f, doing));
  if (is(f, ...ACCESS_DENIED_CODES) || f.httpStatusCode === 403) {
    return wrap(
      'S3',
      error,
      f,
      `Access denied: ${doing} (${original(f)}). ${permissionsNeeded(context)}`,
    );
  }
  if (is(f, 'NoSuchKey', 'NotFound')) {
    return wrap(
      'S3',
      error,
      f,
      `${where} was listed but is gone (${original(f)}): a lifecycle rule may have expired it.`,
    );
  }
  if (
    is(f, 'PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException')
  ) {
    return wrap(
      'S3',
      error,
      f,
      `${doing} failed: the bucket is in another region than the one configured ` +
        `(${original(f)}). Set the region to the bucket's region.`,
    );
  }
  return wrap('S3', error, f, `${doing} failed: ${original(f)}${attemptsOf(error)}`);
}

/** ` (after N attempts)` when the SDK retried the call, else empty. */
function attemptsOf(error: unknown): string {
  const attempts =
    typeof error === 'object' && error !== null
      ? (error as { $metadata?: { attempts?: unknown } }).$metadata?.attempts
      : undefined;
  return typeof attempts === 'number' && attempts > 1 ? ` (after ${attempts} attempts)` : '';
}

/** Whether an S3 listing error makes the whole run impossible (rather than one folder unknown). */
export function isFatalS3Error(error: unknown): boolean {
  if (error instanceof AwsAccessError) {
    return error.service === 'STS' || isFatalS3Error(error.cause);
  }
  const f = facts(error);
  return (
    is(f, 'NoSuchBucket', ...ACCESS_DENIED_CODES, ...CREDENTIAL_CODES) ||
    f.httpStatusCode === 403 ||
    isKmsError(f)
  );
}

export interface IamErrorContext {
  /** The role or user as given: a name or an ARN. */
  principal: string;
  /** Default `role`. */
  principalType?: 'role' | 'user' | 'permission-set';
  /** The account the principal was looked up in (the credentials' account), when known. */
  account?: string | undefined;
  /** The IAM operation that failed, e.g. `GetRole`. */
  operation: string;
  /** The policy being read, for policy operations. */
  policy?: string;
}

function arnAccount(principal: string): string | undefined {
  const match = /^arn:[^:]+:iam::(\d{12}):(?:role|user)\//.exec(principal);
  return match?.[1];
}

/**
 * Explains an IAM failure while reading a role's or user's policies. Already translated errors
 * pass through.
 */
export function translateIamError(error: unknown, context: IamErrorContext): Error {
  if (error instanceof AwsAccessError) return error;
  const f = facts(error);
  const noun = context.principalType ?? 'role';
  const Noun = noun === 'role' ? 'Role' : 'User';
  const who = `${noun} ${context.principal}`;
  const doing = `IAM ${context.operation} for ${who}`;
  if (is(f, 'NoSuchEntity', 'NoSuchEntityException')) {
    if (context.policy !== undefined) {
      return wrap(
        'IAM',
        error,
        f,
        `Policy ${context.policy} of ${who} was not found (${original(f)}): it ` +
          'may have been deleted or detached while it was read; run again.',
      );
    }
    const named = arnAccount(context.principal);
    const account = context.account ?? named;
    const where = account !== undefined ? ` in account ${account}` : '';
    const mismatch =
      named !== undefined && context.account !== undefined && named !== context.account
        ? ` The ${noun} ARN names account ${named} but the credentials are for account ` +
          `${context.account}: IAM is read in the credentials' account, so use credentials of ` +
          `account ${named}.`
        : '';
    return wrap(
      'IAM',
      error,
      f,
      `${Noun} ${context.principal} not found${where} (${original(f)}).${mismatch} Check the ` +
        `${noun} name or ARN given to the job (a name is looked up without its path), that the ` +
        `${noun} still exists, and that the job's AWS credentials are for the ${noun}'s account.`,
    );
  }
  if (is(f, ...CREDENTIAL_CODES)) return wrap('IAM', error, f, credentialsMessage(f, doing));
  if (is(f, ...ACCESS_DENIED_CODES) || f.httpStatusCode === 403) {
    return wrap(
      'IAM',
      error,
      f,
      `Access denied: ${doing} (${original(f)}). To read the ${noun}'s current policies the ` +
        `job's credentials need ${(noun === 'role' ? IAM_READ_PERMISSIONS : IAM_USER_READ_PERMISSIONS).join(', ')} ` +
        (noun === 'role'
          ? 'on the role and its policies.'
          : 'on the user, its groups and their policies.'),
    );
  }
  return wrap('IAM', error, f, `${doing} failed: ${original(f)}`);
}

/** Explains a failed STS AssumeRole of the role used to read the trail. */
export function translateAssumeRoleError(error: unknown, roleArn: string): Error {
  if (error instanceof AwsAccessError) return error;
  const f = facts(error);
  const message =
    `Could not assume the trail role ${roleArn} (${original(f)}). The job's credentials need ` +
    `sts:AssumeRole on ${roleArn}, and that role's trust policy must allow them. See the README ` +
    `section "${TRAIL_ACCESS_README_SECTION}".`;
  return new AwsAccessError(f.name, message, {
    cause: error,
    service: 'STS',
    code: f.code === f.name ? undefined : f.code,
    httpStatusCode: f.httpStatusCode,
  });
}

/**
 * Explains a failure while reading a permission set through sso-admin (in the organization's
 * management account or its delegated administrator account). Already translated errors pass
 * through.
 */
export function translateSsoAdminError(
  error: unknown,
  context: { permissionSet: string; operation: string },
): Error {
  if (error instanceof AwsAccessError) return error;
  const f = facts(error);
  const doing = `sso-admin ${context.operation} for permission set ${context.permissionSet}`;
  if (is(f, ...CREDENTIAL_CODES)) return wrap('SSO', error, f, credentialsMessage(f, doing));
  if (is(f, ...ACCESS_DENIED_CODES) || f.httpStatusCode === 403) {
    return wrap(
      'SSO',
      error,
      f,
      `Access denied: ${doing} (${original(f)}). Permission sets are read in the organization's ` +
        "management account (or IAM Identity Center's delegated administrator account): the job's " +
        `credentials there need ${SSO_READ_PERMISSIONS.join(', ')}.`,
    );
  }
  if (is(f, 'ResourceNotFoundException')) {
    return wrap(
      'SSO',
      error,
      f,
      `${doing}: not found (${original(f)}). Check the permission set's name or ARN, and that the job's credentials are for the management account (or the delegated administrator account) of the IAM Identity Center instance.`,
    );
  }
  return wrap('SSO', error, f, `${doing} failed: ${original(f)}`);
}
