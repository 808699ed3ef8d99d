/**
 * A role's current policies, read from IAM: attached managed policies (their default
 * version), inline policies, and the permissions boundary.
 */
import { parsePolicyDocument } from './files.js';
import type { IamLike } from '../aws/adapters.js';
import { mapConcurrent } from '../aws/concurrency.js';
import { translateIamError } from '../aws/errors.js';
import type {
  CurrentPolicies,
  CurrentPolicy,
  CurrentPolicyKind,
  PolicyDocument,
  PolicySource,
} from './types.js';

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

const KIND_ORDER: readonly CurrentPolicyKind[] = ['boundary', 'file', 'inline', 'managed'];

function comparePolicies(a: CurrentPolicy, b: CurrentPolicy): number {
  const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function createIamPolicySource(
  client: IamLike,
  role: string,
  options: IamPolicySourceOptions = {},
): PolicySource {
  const concurrency = options.concurrency ?? 4;

  async function call<T>(operation: string, run: () => Promise<T>, policy?: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      let account: string | undefined;
      if (policy === undefined && options.callerAccountId !== undefined) {
        account = await options.callerAccountId().catch(() => undefined);
      }
      throw translateIamError(error, {
        role,
        operation,
        account,
        ...(policy !== undefined ? { policy } : {}),
      });
    }
  }

  async function managedDocument(arn: string): Promise<PolicyDocument> {
    const policy = await call('GetPolicy', () => client.getPolicy({ PolicyArn: arn }), arn);
    const versionId = policy.Policy?.DefaultVersionId;
    if (versionId === undefined)
      throw new Error(`IAM GetPolicy for ${arn} gave no default version.`);
    const version = await call(
      'GetPolicyVersion',
      () => client.getPolicyVersion({ PolicyArn: arn, VersionId: versionId }),
      arn,
    );
    const document = version.PolicyVersion?.Document;
    if (document === undefined)
      throw new Error(`IAM GetPolicyVersion for ${arn} gave no document.`);
    return parsePolicyDocument(document, `policy ${arn} (${versionId})`);
  }

  async function load(): Promise<CurrentPolicies> {
    const roleName = roleNameOf(role);
    const got = await call('GetRole', () => client.getRole({ RoleName: roleName }));
    if (got.Role === undefined) throw new Error(`IAM GetRole for ${role} gave no role.`);
    const roleArn = got.Role.Arn;

    const attachedPages = await allPages((marker) =>
      call('ListAttachedRolePolicies', () =>
        client.listAttachedRolePolicies({
          RoleName: roleName,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    );
    const managedArns = [
      ...new Set(
        attachedPages.flatMap((page) =>
          (page.AttachedPolicies ?? []).flatMap((policy) =>
            policy.PolicyArn !== undefined ? [policy.PolicyArn] : [],
          ),
        ),
      ),
    ];
    const inlinePages = await allPages((marker) =>
      call('ListRolePolicies', () =>
        client.listRolePolicies({
          RoleName: roleName,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    );
    const inlineNames = [...new Set(inlinePages.flatMap((page) => page.PolicyNames ?? []))];

    const managed = await mapConcurrent(
      managedArns,
      concurrency,
      async (arn): Promise<CurrentPolicy> => ({
        kind: 'managed',
        name: arn,
        document: await managedDocument(arn),
      }),
    );
    const inline = await mapConcurrent(
      inlineNames,
      concurrency,
      async (name): Promise<CurrentPolicy> => {
        const output = await call(
          'GetRolePolicy',
          () => client.getRolePolicy({ RoleName: roleName, PolicyName: name }),
          name,
        );
        if (output.PolicyDocument === undefined) {
          throw new Error(`IAM GetRolePolicy for ${name} of ${role} gave no document.`);
        }
        return {
          kind: 'inline',
          name,
          document: parsePolicyDocument(output.PolicyDocument, `inline policy ${name}`),
        };
      },
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
        document: await managedDocument(boundaryArn),
      };
    }
    return result;
  }

  return { description: `IAM role ${role}`, load };
}
