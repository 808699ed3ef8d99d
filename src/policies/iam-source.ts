/**
 * A role's current policies, read from IAM: attached managed policies (their default
 * version), inline policies, and the permissions boundary.
 */
import { parsePolicyDocument } from './files.js';
import type { IamLike } from '../aws/adapters.js';
import { mapConcurrent } from '../aws/concurrency.js';
import { translateIamError } from '../aws/errors.js';
import { UserError } from '../util/errors.js';
import { parseRoleArn } from '../activity/principal.js';
import type {
  CurrentPolicies,
  CurrentPolicy,
  CurrentPolicyKind,
  PolicyDocument,
  PolicySource,
} from './types.js';
import { byCodeUnits } from '../util/order.js';

export type { IamLike } from '../aws/adapters.js';

export interface IamPolicySourceOptions {
  /**
   * The account of the credentials used, for error messages (e.g. `callerAccountId` over
   * STS). Called only when the role is not found.
   */
  callerAccountId?: () => Promise<string | undefined>;
  /** IAM calls in flight at once. Default 4. */
  concurrency?: number;
}

const ROLE_ARN = /^arn:[a-z0-9-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** The role name of a role ARN (path dropped) or of a plain name. */
export function roleNameOf(role: string): string {
  const trimmed = role.trim();
  const match = ROLE_ARN.exec(trimmed);
  if (match?.[2] !== undefined) return match[2];
  if (trimmed.startsWith('arn:')) throw new Error(`"${role}" is not an IAM role ARN.`);
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (name === '') throw new Error('The role name is empty.');
  return name;
}

/**
 * Policy documents as IAM returns them: URL-encoded JSON, or (some servers) raw JSON. The one
 * parser of policy documents, shared with policy files.
 */
export { parsePolicyDocument };

/** Every page of a `Marker`-paginated IAM call. */
async function allPages<
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
 * GetRole looks a role up by name in the account of the credentials. When the user gave a full
 * ARN, the role IAM answered with must be that one: another account (or partition) with a role
 * of the same name would otherwise have its policies compared. A different path in the same
 * account is the same role (names are unique in an account whatever the path) but the ARN given
 * is wrong: refused too, so that the report and pull requests never name a role that does not
 * exist.
 */
export function checkSameRole(given: string, returnedArn: string | undefined): void {
  const wanted = parseRoleArn(given.trim());
  if (wanted === undefined) return; // a plain name: looked up in the credentials' account
  const got = returnedArn !== undefined ? parseRoleArn(returnedArn) : undefined;
  if (got === undefined) {
    throw new Error(`IAM GetRole for ${given} answered an unexpected role ARN: ${returnedArn}.`);
  }
  if (got.partition !== wanted.partition || got.account !== wanted.account) {
    const where = (p: { partition: string; account: string }): string =>
      `account ${p.account}${got.partition !== wanted.partition ? ` (partition ${p.partition})` : ''}`;
    throw new UserError(
      `The role ${given} is in ${where(wanted)}, but the job's AWS credentials are for ` +
        `${where(got)}, whose role of the same name (${returnedArn}) is not the one asked for. ` +
        `The role's current policies are read from IAM with the job's own credentials (not ` +
        `with the trail role, which is only for the log bucket): run the job with credentials ` +
        `of account ${wanted.account}, or give the current policies as files (current-policy).`,
    );
  }
  if (got.path !== wanted.path || got.name !== wanted.name) {
    throw new UserError(
      `The role ARN ${given} does not match the role IAM has in account ${wanted.account}: ` +
        `${returnedArn} (${got.path !== wanted.path ? `path ${got.path}, not ${wanted.path}` : `name ${got.name}, not ${wanted.name}`}). ` +
        `Role names are unique in an account, so this is the role asked for, but the ARN given ` +
        `is wrong (the report and pull requests would name a role that does not exist): give ` +
        `${returnedArn}.`,
    );
  }
}

const KIND_ORDER: readonly CurrentPolicyKind[] = ['boundary', 'file', 'inline', 'managed'];

function comparePolicies(a: CurrentPolicy, b: CurrentPolicy): number {
  const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  return byCodeUnits(a.name, b.name);
}

export function createIamPolicySource(
  client: IamLike,
  role: string,
  options: IamPolicySourceOptions = {},
): PolicySource {
  return new IamPolicySource(client, role, options);
}

/** A role's identity policies and boundary, read from IAM. */
class IamPolicySource implements PolicySource {
  readonly description: string;
  private readonly concurrency: number;

  constructor(
    private readonly client: IamLike,
    private readonly role: string,
    private readonly options: IamPolicySourceOptions,
  ) {
    this.description = `IAM role ${role}`;
    this.concurrency = options.concurrency ?? 4;
  }

  async load(): Promise<CurrentPolicies> {
    const { role } = this;
    const roleName = roleNameOf(role);
    const got = await this.call('GetRole', () => this.client.getRole({ RoleName: roleName }));
    if (got.Role === undefined) throw new Error(`IAM GetRole for ${role} gave no role.`);
    const roleArn = got.Role.Arn;
    checkSameRole(role, roleArn);
    const [managedArns, inlineNames] = [
      await this.attachedPolicyArns(roleName),
      await this.inlinePolicyNames(roleName),
    ];
    const managed = await mapConcurrent(
      managedArns,
      this.concurrency,
      async (arn): Promise<CurrentPolicy> => ({
        kind: 'managed',
        name: arn,
        document: await this.managedDocument(arn),
      }),
    );
    const inline = await mapConcurrent(inlineNames, this.concurrency, (name) =>
      this.inlinePolicy(roleName, name),
    );
    const result: CurrentPolicies = {
      policies: [...managed, ...inline].sort(comparePolicies),
    };
    if (roleArn !== undefined) result.roleArn = roleArn;
    const boundaryArn = got.Role.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundaryArn !== undefined) {
      result.boundary = {
        kind: 'boundary',
        name: boundaryArn,
        document: await this.managedDocument(boundaryArn),
      };
    }
    return result;
  }

  /** The ARNs of the managed policies attached to the role, all pages, without repeats. */
  private async attachedPolicyArns(roleName: string): Promise<string[]> {
    const pages = await allPages((marker) =>
      this.call('ListAttachedRolePolicies', () =>
        this.client.listAttachedRolePolicies({
          RoleName: roleName,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    );
    return [
      ...new Set(
        pages.flatMap((page) =>
          (page.AttachedPolicies ?? []).flatMap((policy) =>
            policy.PolicyArn !== undefined ? [policy.PolicyArn] : [],
          ),
        ),
      ),
    ];
  }

  /** The names of the role's inline policies, all pages, without repeats. */
  private async inlinePolicyNames(roleName: string): Promise<string[]> {
    const pages = await allPages((marker) =>
      this.call('ListRolePolicies', () =>
        this.client.listRolePolicies({
          RoleName: roleName,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    );
    return [...new Set(pages.flatMap((page) => page.PolicyNames ?? []))];
  }

  private async inlinePolicy(roleName: string, name: string): Promise<CurrentPolicy> {
    const output = await this.call(
      'GetRolePolicy',
      () => this.client.getRolePolicy({ RoleName: roleName, PolicyName: name }),
      name,
    );
    if (output.PolicyDocument === undefined) {
      throw new Error(`IAM GetRolePolicy for ${name} of ${this.role} gave no document.`);
    }
    return {
      kind: 'inline',
      name,
      document: parsePolicyDocument(output.PolicyDocument, `inline policy ${name}`),
    };
  }

  /** The default version of a managed policy. */
  private async managedDocument(arn: string): Promise<PolicyDocument> {
    const policy = await this.call(
      'GetPolicy',
      () => this.client.getPolicy({ PolicyArn: arn }),
      arn,
    );
    const versionId = policy.Policy?.DefaultVersionId;
    if (versionId === undefined)
      throw new Error(`IAM GetPolicy for ${arn} gave no default version.`);
    const version = await this.call(
      'GetPolicyVersion',
      () => this.client.getPolicyVersion({ PolicyArn: arn, VersionId: versionId }),
      arn,
    );
    const document = version.PolicyVersion?.Document;
    if (document === undefined)
      throw new Error(`IAM GetPolicyVersion for ${arn} gave no document.`);
    return parsePolicyDocument(document, `policy ${arn} (${versionId})`);
  }

  /** An IAM call, its error translated (naming the role, the policy, the account). */
  private async call<T>(operation: string, run: () => Promise<T>, policy?: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      let account: string | undefined;
      if (policy === undefined && this.options.callerAccountId !== undefined) {
        account = await this.options.callerAccountId().catch(() => undefined);
      }
      throw translateIamError(error, {
        role: this.role,
        operation,
        account,
        ...(policy !== undefined ? { policy } : {}),
      });
    }
  }
}
