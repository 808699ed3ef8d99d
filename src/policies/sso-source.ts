/**
 * An IAM Identity Center permission set's current policies, read through sso-admin in the
 * organization's management account (or the delegated administrator account): its inline
 * policy, its AWS managed policies, its customer managed policy references and its permissions
 * boundary. The documents of managed policies are read in IAM with the same credentials: AWS
 * managed policies are the same in every account; a customer managed policy reference names a
 * policy that each account holds its own copy of, and the copy of the credentials' account is
 * the one compared (said in the report; one absent there is listed as not read).
 */
import type {
  IamLike,
  PermissionSetInput,
  PolicyReference,
  SsoAdminLike,
} from '../aws/adapters.js';
import { mapConcurrent } from '../aws/concurrency.js';
import { translateIamError, translateSsoAdminError } from '../aws/errors.js';
import { UserError } from '../util/errors.js';
import { byCodeUnits } from '../util/order.js';
import { managedPolicyDocument, parsePolicyDocument } from './iam-source.js';
import type { CurrentPolicies, CurrentPolicy, PolicySource } from './types.js';

/** The name IAM gives the inline policy Identity Center provisions into each account's role. */
export const PERMISSION_SET_INLINE_POLICY = 'AwsSSOInlinePolicy';

/** A permission set as found in its Identity Center instance. */
export interface FoundPermissionSet extends PermissionSetInput {
  name: string;
}

/** How the permission set was given: by name, or by ARN. */
export type PermissionSetGiven = { name: string } | { arn: string };

/**
 * Finds a permission set and reads it, each call once however often it is asked: the wiring
 * needs its name (when given by ARN) and its accounts before the read, the analysis its policies.
 */
export class PermissionSetReader {
  private found: Promise<FoundPermissionSet> | undefined;

  constructor(
    readonly sso: SsoAdminLike,
    private readonly given: PermissionSetGiven,
  ) {}

  get label(): string {
    return 'arn' in this.given ? this.given.arn : this.given.name;
  }

  /** The permission set: by ARN (its instance is in the ARN), or by name in every instance. */
  permissionSet(): Promise<FoundPermissionSet> {
    this.found ??= this.find();
    return this.found;
  }

  /** The accounts the permission set is provisioned to, sorted. */
  async accounts(): Promise<string[]> {
    const set = await this.permissionSet();
    const ids = await this.pages(
      'ListAccountsForProvisionedPermissionSet',
      (token) => this.sso.listAccountsForProvisionedPermissionSet({ ...input(set), ...token }),
      (page) => page.AccountIds ?? [],
    );
    return [...new Set(ids)].sort(byCodeUnits);
  }

  private async find(): Promise<FoundPermissionSet> {
    if ('arn' in this.given) {
      const arn = this.given.arn;
      const instanceArn = instanceOf(arn);
      const described = await this.call('DescribePermissionSet', () =>
        this.sso.describePermissionSet({ InstanceArn: instanceArn, PermissionSetArn: arn }),
      );
      const name = described.PermissionSet?.Name;
      if (!name) throw new Error(`sso-admin DescribePermissionSet for ${arn} gave no name.`);
      return { InstanceArn: instanceArn, PermissionSetArn: arn, name };
    }
    const wanted = this.given.name;
    const instances = await this.pages(
      'ListInstances',
      (token) => this.sso.listInstances(token),
      (page) => (page.Instances ?? []).flatMap((i) => i.InstanceArn ?? []),
    );
    instances.sort(byCodeUnits);
    for (const instanceArn of instances) {
      const arns = await this.pages(
        'ListPermissionSets',
        (token) => this.sso.listPermissionSets({ InstanceArn: instanceArn, ...token }),
        (page) => page.PermissionSets ?? [],
      );
      for (const arn of arns.sort(byCodeUnits)) {
        const described = await this.call('DescribePermissionSet', () =>
          this.sso.describePermissionSet({ InstanceArn: instanceArn, PermissionSetArn: arn }),
        );
        if (described.PermissionSet?.Name === wanted) {
          return { InstanceArn: instanceArn, PermissionSetArn: arn, name: wanted };
        }
      }
    }
    throw new UserError(
      `permission set ${wanted} not found in the IAM Identity Center instance${instances.length === 1 ? '' : 's'} the credentials see (${instances.join(', ') || 'none'}): check its name (case matters), and that the job's credentials are for the organization's management account or the delegated administrator account`,
    );
  }

  /** Every page of a `NextToken`-paginated sso-admin call, its items in order. */
  async pages<P extends { NextToken?: string | null | undefined }, T>(
    operation: string,
    call: (token: { NextToken?: string }) => Promise<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(operation, () =>
        call(token !== undefined ? { NextToken: token } : {}),
      );
      all.push(...items(page));
      const next = page.NextToken ?? undefined;
      if (next !== undefined && next === token) {
        throw new Error(`sso-admin ${operation} answered the same NextToken twice.`);
      }
      token = next;
    } while (token !== undefined);
    return all;
  }

  /** An sso-admin call, its error explained. */
  async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateSsoAdminError(error, { permissionSet: this.label, operation });
    }
  }
}

export interface SsoPolicySourceOptions {
  /** The account of the credentials: where customer managed policy references are read. */
  callerAccountId: () => Promise<string | undefined>;
  /** IAM calls in flight at once. Default 4. */
  concurrency?: number;
}

/** The permission set's policies, read through sso-admin and IAM. */
export function createSsoPolicySource(
  reader: PermissionSetReader,
  iam: IamLike,
  options: SsoPolicySourceOptions,
): PolicySource {
  return {
    description: `IAM Identity Center permission set ${reader.label}`,
    load: () => loadPermissionSet(reader, iam, options),
  };
}

async function loadPermissionSet(
  reader: PermissionSetReader,
  iam: IamLike,
  options: SsoPolicySourceOptions,
): Promise<CurrentPolicies> {
  const set = await reader.permissionSet();
  const [inline, managedArns, references, boundary] = await Promise.all([
    reader.call('GetInlinePolicyForPermissionSet', () =>
      reader.sso.getInlinePolicyForPermissionSet(input(set)),
    ),
    managedArnsOf(reader, set),
    referencesOf(reader, set),
    boundaryOf(reader, set),
  ]);
  const partition = /^arn:([^:]+):/.exec(set.PermissionSetArn)?.[1] ?? 'aws';
  const account =
    references.length > 0 || boundary?.CustomerManagedPolicyReference
      ? await options.callerAccountId()
      : undefined;
  const referenceArn = (ref: PolicyReference): string =>
    `arn:${partition}:iam::${account ?? 'unknown'}:policy${normalPath(ref.Path)}${ref.Name ?? ''}`;
  const read = (arn: string) =>
    managedPolicyDocument(iam, arn, async (operation, run) => {
      try {
        return await run();
      } catch (error) {
        throw translateIamError(error, {
          principal: set.name,
          principalType: 'permission-set',
          operation,
          account,
          policy: arn,
        });
      }
    });
  const notRead: string[] = [];
  /** A customer managed policy of the account read; undefined (and said) when it has none. */
  const readReference = async (ref: PolicyReference, what: string) => {
    const arn = referenceArn(ref);
    try {
      return { arn, document: await read(arn) };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      notRead.push(
        `${what} ${normalPath(ref.Path)}${ref.Name ?? ''}: account ${account ?? 'unknown'} (the credentials' account, where customer managed policies are read) has no such policy, so what it grants in the permission set's accounts is not compared${what.startsWith('boundary') ? ' and its limits are not applied' : ''}`,
      );
      return undefined;
    }
  };

  const policies: CurrentPolicy[] = [];
  const inlineText = inline.InlinePolicy ?? '';
  if (inlineText.trim() !== '') {
    policies.push({
      kind: 'inline',
      name: PERMISSION_SET_INLINE_POLICY,
      document: parsePolicyDocument(inlineText, `the inline policy of permission set ${set.name}`),
    });
  }
  const concurrency = options.concurrency ?? 4;
  policies.push(
    ...(await mapConcurrent(managedArns, concurrency, async (arn) => ({
      kind: 'managed' as const,
      name: arn,
      document: await read(arn),
    }))),
  );
  const customer = await mapConcurrent(references, concurrency, (ref) =>
    readReference(ref, 'customer managed policy reference'),
  );
  for (const found of customer) {
    if (found) policies.push({ kind: 'managed', name: found.arn, document: found.document });
  }
  const result: CurrentPolicies = {
    principalArn: set.PermissionSetArn,
    policies: policies.sort((a, b) => byCodeUnits(`${a.kind} ${a.name}`, `${b.kind} ${b.name}`)),
  };
  if (boundary?.ManagedPolicyArn) {
    const arn = boundary.ManagedPolicyArn;
    result.boundary = { kind: 'boundary', name: arn, document: await read(arn) };
  } else if (boundary?.CustomerManagedPolicyReference) {
    const found = await readReference(
      boundary.CustomerManagedPolicyReference,
      'boundary customer managed policy reference',
    );
    if (found) result.boundary = { kind: 'boundary', name: found.arn, document: found.document };
  }
  if (notRead.length > 0) result.notRead = notRead;
  return result;
}

async function managedArnsOf(reader: PermissionSetReader, set: FoundPermissionSet) {
  const arns = await reader.pages(
    'ListManagedPoliciesInPermissionSet',
    (token) => reader.sso.listManagedPoliciesInPermissionSet({ ...input(set), ...token }),
    (page) => (page.AttachedManagedPolicies ?? []).flatMap((p) => p.Arn ?? []),
  );
  return [...new Set(arns)].sort(byCodeUnits);
}

async function referencesOf(reader: PermissionSetReader, set: FoundPermissionSet) {
  const refs = await reader.pages(
    'ListCustomerManagedPolicyReferencesInPermissionSet',
    (token) =>
      reader.sso.listCustomerManagedPolicyReferencesInPermissionSet({ ...input(set), ...token }),
    (page) => page.CustomerManagedPolicyReferences ?? [],
  );
  return refs
    .filter((ref) => typeof ref.Name === 'string' && ref.Name !== '')
    .sort((a, b) =>
      byCodeUnits(`${normalPath(a.Path)}${a.Name}`, `${normalPath(b.Path)}${b.Name}`),
    );
}

/** The boundary; none when sso-admin answers ResourceNotFoundException (the permission set has none). */
async function boundaryOf(reader: PermissionSetReader, set: FoundPermissionSet) {
  try {
    const got = await reader.sso.getPermissionsBoundaryForPermissionSet(input(set));
    return got.PermissionsBoundary ?? undefined;
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return undefined;
    throw translateSsoAdminError(error, {
      permissionSet: reader.label,
      operation: 'GetPermissionsBoundaryForPermissionSet',
    });
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: unknown; cause?: { name?: unknown } };
  return [e.name, e.cause?.name].some((n) => n === 'NoSuchEntity' || n === 'NoSuchEntityException');
}

function normalPath(path: string | null | undefined): string {
  if (!path || path === '/') return '/';
  return `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
}

function input(set: FoundPermissionSet): PermissionSetInput {
  return { InstanceArn: set.InstanceArn, PermissionSetArn: set.PermissionSetArn };
}

/**
 * `arn:aws:sso:::permissionSet/ssoins-x/ps-y` → `arn:aws:sso:::instance/ssoins-x`. (moto 5.2
 * writes `instance/` where AWS writes `permissionSet/`: both are read.)
 */
function instanceOf(permissionSetArn: string): string {
  const match = /^arn:([^:]+):sso:::(?:permissionSet|instance)\/([^/]+)\/ps-/.exec(
    permissionSetArn,
  );
  if (!match) throw new UserError(`"${permissionSetArn}" is not a permission set ARN`);
  return `arn:${match[1]}:sso:::instance/${match[2]}`;
}
