/**
 * A role's or user's current policies, read from IAM: attached managed policies (their default
 * version), inline policies, for a user those of its groups too, and the permissions boundary.
 */
import { parsePolicyDocument } from './files.js';
import type { IamLike } from '../aws/adapters.js';
import { mapConcurrent } from '../aws/concurrency.js';
import { translateIamError } from '../aws/errors.js';
import { UserError } from '../util/errors.js';
import { parseIamArn, type PrincipalType } from '../activity/principal.js';
import type {
  CurrentPolicies,
  CurrentPolicy,
  CurrentPolicyKind,
  PolicyDocument,
  PolicySource,
} from './types.js';
import { byCodeUnits } from '../util/order.js';

export type { IamLike } from '../aws/adapters.js';
import type { IamEntity } from '../aws/adapters.js';

export interface IamPolicySourceOptions {
  /**
   * The account of the credentials used, for error messages (e.g. `callerAccountId` over
   * STS). Called only when the principal is not found.
   */
  callerAccountId?: () => Promise<string | undefined>;
  /** IAM calls in flight at once. Default 4. */
  concurrency?: number;
}

/** The name of a role or user ARN (path dropped) or of a plain name. */
export function principalNameOf(principal: string, type: PrincipalType = 'role'): string {
  const trimmed = principal.trim();
  const arn = parseIamArn(trimmed);
  if (arn?.type === type) return arn.name;
  if (trimmed.startsWith('arn:')) throw new Error(`"${principal}" is not an IAM ${type} ARN.`);
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (name === '') throw new Error(`The ${type} name is empty.`);
  return name;
}

/**
 * Policy documents as IAM returns them: URL-encoded JSON, or (some servers) raw JSON. The one
 * parser of policy documents, shared with policy files.
 */
export { parsePolicyDocument };

/** Every page of a `Marker`-paginated IAM call. */
export async function allPages<
  P extends { IsTruncated?: boolean | undefined; Marker?: string | undefined },
>(call: (marker: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let marker: string | undefined;
  do {
    const page = await call(marker);
    pages.push(page);
    const next = page.IsTruncated === true ? page.Marker : undefined;
    if (page.IsTruncated === true && (next === undefined || next === marker)) {
      throw new Error('IAM answered a truncated page without a usable Marker.');
    }
    marker = next;
  } while (marker !== undefined);
  return pages;
}

/**
 * GetRole and GetUser look a principal up by name in the account of the credentials. When the
 * user gave a full ARN, the role (or user) IAM answered with must be that one: another account
 * (or partition) with one of the same name would otherwise have its policies compared. A
 * different path in the same account is the same principal (names are unique in an account
 * whatever the path) but the ARN given is wrong: refused too, so that the report and pull
 * requests never name a principal that does not exist.
 */
export function checkSamePrincipal(
  given: string,
  returnedArn: string | undefined,
  type: PrincipalType = 'role',
): void {
  const wanted = parseIamArn(given.trim());
  if (wanted === undefined) return; // a plain name: looked up in the credentials' account
  const got = returnedArn !== undefined ? parseIamArn(returnedArn) : undefined;
  const Get = type === 'role' ? 'GetRole' : 'GetUser';
  if (got === undefined || got.type !== type) {
    throw new Error(`IAM ${Get} for ${given} answered an unexpected ${type} ARN: ${returnedArn}.`);
  }
  if (got.partition !== wanted.partition || got.account !== wanted.account) {
    const where = (p: { partition: string; account: string }): string =>
      `account ${p.account}${got.partition !== wanted.partition ? ` (partition ${p.partition})` : ''}`;
    throw new UserError(
      `The ${type} ${given} is in ${where(wanted)}, but the job's AWS credentials are for ` +
        `${where(got)}, whose ${type} of the same name (${returnedArn}) is not the one asked for. ` +
        `The ${type}'s current policies are read from IAM with the job's own credentials (not ` +
        `with the trail role, which is only for the log bucket): run the job with credentials ` +
        `of account ${wanted.account}, or give the current policies as files (current-policy).`,
    );
  }
  if (got.path !== wanted.path || got.name !== wanted.name) {
    throw new UserError(
      `The ${type} ARN ${given} does not match the ${type} IAM has in account ${wanted.account}: ` +
        `${returnedArn} (${got.path !== wanted.path ? `path ${got.path}, not ${wanted.path}` : `name ${got.name}, not ${wanted.name}`}). ` +
        `${type === 'role' ? 'Role' : 'User'} names are unique in an account, so this is the ${type} asked for, but the ARN given ` +
        `is wrong (the report and pull requests would name a ${type} that does not exist): give ` +
        `${returnedArn}.`,
    );
  }
}

const KIND_ORDER: readonly CurrentPolicyKind[] = ['boundary', 'file', 'inline', 'managed'];

/** The user's own policies first, then each group's by group name; by kind, then name. */
function comparePolicies(a: CurrentPolicy, b: CurrentPolicy): number {
  const byGroup = byCodeUnits(a.group ?? '', b.group ?? '');
  if (byGroup !== 0) return byGroup;
  const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  return byCodeUnits(a.name, b.name);
}

export function createIamPolicySource(
  client: IamLike,
  principal: string,
  options: IamPolicySourceOptions & { type?: IamPrincipalType } = {},
): PolicySource {
  return new IamPolicySource(client, principal, options.type ?? 'role', options);
}

/** The principals IAM itself holds the policies of (a permission set's are in sso-admin). */
export type IamPrincipalType = Exclude<PrincipalType, 'permission-set'>;

/** What holds policies in IAM: the principal, or one of a user's groups. */
interface Holder {
  kind: IamPrincipalType | 'group';
  name: string;
}

/** A role's or user's identity policies (a user's groups' too) and boundary, read from IAM. */
class IamPolicySource implements PolicySource {
  readonly description: string;
  private readonly concurrency: number;

  constructor(
    private readonly client: IamLike,
    private readonly principal: string,
    private readonly type: IamPrincipalType,
    private readonly options: IamPolicySourceOptions,
  ) {
    this.description = `IAM ${type} ${principal}`;
    this.concurrency = options.concurrency ?? 4;
  }

  async load(): Promise<CurrentPolicies> {
    const name = principalNameOf(this.principal, this.type);
    const entity = await this.entity(name);
    checkSamePrincipal(this.principal, entity.Arn ?? undefined, this.type);
    const self: Holder = { kind: this.type, name };
    const groups = this.type === 'user' ? await this.groupsOf(name) : [];
    const policies: CurrentPolicy[] = [];
    for (const holder of [self, ...groups]) policies.push(...(await this.policiesOf(holder)));
    const result: CurrentPolicies = { policies: policies.sort(comparePolicies) };
    if (entity.Arn) result.principalArn = entity.Arn;
    const boundaryArn = entity.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundaryArn) {
      result.boundary = {
        kind: 'boundary',
        name: boundaryArn,
        document: await this.managedDocument(boundaryArn),
      };
    }
    return result;
  }

  /** The role or user, as GetRole or GetUser answers. */
  private async entity(name: string): Promise<IamEntity> {
    if (this.type === 'role') {
      const got = await this.call('GetRole', () => this.client.getRole({ RoleName: name }));
      if (!got.Role) throw new Error(`IAM GetRole for ${this.principal} gave no role.`);
      return got.Role;
    }
    const got = await this.call('GetUser', () => this.client.getUser({ UserName: name }));
    if (!got.User) throw new Error(`IAM GetUser for ${this.principal} gave no user.`);
    return got.User;
  }

  /** The groups of a user, all pages, by name. */
  private async groupsOf(userName: string): Promise<Holder[]> {
    const pages = await allPages((marker) =>
      this.call('ListGroupsForUser', () =>
        this.client.listGroupsForUser({ UserName: userName, ...markerOf(marker) }),
      ),
    );
    const names = pages.flatMap((page) => (page.Groups ?? []).flatMap((g) => g.GroupName ?? []));
    return [...new Set(names)].sort(byCodeUnits).map((name) => ({ kind: 'group', name }));
  }

  /** A holder's managed and inline policies, each named with the group it comes from. */
  private async policiesOf(holder: Holder): Promise<CurrentPolicy[]> {
    const [managedArns, inlineNames] = [
      await this.attachedPolicyArns(holder),
      await this.inlinePolicyNames(holder),
    ];
    const group = holder.kind === 'group' ? { group: holder.name } : {};
    const managed = await mapConcurrent(
      managedArns,
      this.concurrency,
      async (arn): Promise<CurrentPolicy> => ({
        kind: 'managed',
        name: arn,
        ...group,
        document: await this.managedDocument(arn),
      }),
    );
    const inline = await mapConcurrent(inlineNames, this.concurrency, async (name) => ({
      ...(await this.inlinePolicy(holder, name)),
      ...group,
    }));
    return [...managed, ...inline];
  }

  /** The ARNs of the managed policies attached to a holder, all pages, without repeats. */
  private async attachedPolicyArns(holder: Holder): Promise<string[]> {
    const { client } = this;
    const list = (marker: string | undefined) => {
      const m = markerOf(marker);
      if (holder.kind === 'role') {
        return client.listAttachedRolePolicies({ RoleName: holder.name, ...m });
      }
      if (holder.kind === 'user') {
        return client.listAttachedUserPolicies({ UserName: holder.name, ...m });
      }
      return client.listAttachedGroupPolicies({ GroupName: holder.name, ...m });
    };
    const pages = await allPages((marker) =>
      this.call(`ListAttached${TITLE[holder.kind]}Policies`, () => list(marker), undefined, holder),
    );
    const arns = pages.flatMap((page) =>
      (page.AttachedPolicies ?? []).flatMap((policy) => policy.PolicyArn ?? []),
    );
    return [...new Set(arns)];
  }

  /** The names of a holder's inline policies, all pages, without repeats. */
  private async inlinePolicyNames(holder: Holder): Promise<string[]> {
    const { client } = this;
    const list = (marker: string | undefined) => {
      const m = markerOf(marker);
      if (holder.kind === 'role') return client.listRolePolicies({ RoleName: holder.name, ...m });
      if (holder.kind === 'user') return client.listUserPolicies({ UserName: holder.name, ...m });
      return client.listGroupPolicies({ GroupName: holder.name, ...m });
    };
    const pages = await allPages((marker) =>
      this.call(`List${TITLE[holder.kind]}Policies`, () => list(marker), undefined, holder),
    );
    return [...new Set(pages.flatMap((page) => page.PolicyNames ?? []))];
  }

  private async inlinePolicy(holder: Holder, name: string): Promise<CurrentPolicy> {
    const { client } = this;
    const get = () => {
      if (holder.kind === 'role') {
        return client.getRolePolicy({ RoleName: holder.name, PolicyName: name });
      }
      if (holder.kind === 'user') {
        return client.getUserPolicy({ UserName: holder.name, PolicyName: name });
      }
      return client.getGroupPolicy({ GroupName: holder.name, PolicyName: name });
    };
    const operation = `Get${TITLE[holder.kind]}Policy`;
    const output = await this.call(operation, get, name, holder);
    const of = holder.kind === 'group' ? `group ${holder.name}` : this.principal;
    if (output.PolicyDocument === undefined) {
      throw new Error(`IAM ${operation} for ${name} of ${of} gave no document.`);
    }
    return {
      kind: 'inline',
      name,
      document: parsePolicyDocument(output.PolicyDocument, `inline policy ${name} of ${of}`),
    };
  }

  /** The default version of a managed policy. */
  private managedDocument(arn: string): Promise<PolicyDocument> {
    return managedPolicyDocument(this.client, arn, (operation, run) =>
      this.call(operation, run, arn),
    );
  }

  /**
   * An IAM call, its error translated (naming the principal, the policy, the group, the
   * account).
   */
  private async call<T>(
    operation: string,
    run: () => Promise<T>,
    policy?: string,
    holder?: Holder,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      let account: string | undefined;
      if (policy === undefined && this.options.callerAccountId !== undefined) {
        account = await this.options.callerAccountId().catch(() => undefined);
      }
      const group = holder?.kind === 'group' ? ` (group ${holder.name})` : '';
      throw translateIamError(error, {
        principal: `${this.principal}${group}`,
        principalType: this.type,
        operation,
        account,
        ...(policy !== undefined ? { policy } : {}),
      });
    }
  }
}

/**
 * The default version of a managed policy, through `call` (which translates its errors).
 * Shared with the permission-set source, which reads a permission set's managed policies in IAM.
 */
export async function managedPolicyDocument(
  client: IamLike,
  arn: string,
  call: <T>(operation: string, run: () => Promise<T>) => Promise<T>,
): Promise<PolicyDocument> {
  const policy = await call('GetPolicy', () => client.getPolicy({ PolicyArn: arn }));
  const versionId = policy.Policy?.DefaultVersionId;
  if (versionId === undefined) throw new Error(`IAM GetPolicy for ${arn} gave no default version.`);
  const version = await call('GetPolicyVersion', () =>
    client.getPolicyVersion({ PolicyArn: arn, VersionId: versionId }),
  );
  const document = version.PolicyVersion?.Document;
  if (document === undefined) throw new Error(`IAM GetPolicyVersion for ${arn} gave no document.`);
  return parsePolicyDocument(document, `policy ${arn} (${versionId})`);
}

const TITLE = { role: 'Role', user: 'User', group: 'Group' } as const;

function markerOf(marker: string | undefined): { Marker?: string } {
  return marker !== undefined ? { Marker: marker } : {};
}
