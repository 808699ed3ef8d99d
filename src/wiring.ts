import { createLocalSource } from './activity/sources/local.js';
import { createS3Source } from './activity/sources/s3.js';
import { principalLabel } from './activity/principal.js';
import type { ActivitySource } from './activity/types.js';
import type { AwsClients } from './aws/clients.js';
import { createFilePolicySource } from './policies/files.js';
import { createIamPolicySource } from './policies/iam-source.js';
import type { PolicySource } from './policies/types.js';
import { loadIamKnowledge, type IamKnowledge } from './mapping/knowledge.js';
import { accountsToRead, type InputNames, type Settings } from './settings/analysis.js';
import { messageOf, UserError } from './util/errors.js';
import { PermissionSetReader, createSsoPolicySource } from './policies/sso-source.js';
import type { PrincipalRef } from './activity/principal.js';
import type { IamLike } from './aws/adapters.js';
import { rolesUnderPath, type ListedRoles } from './policies/iam-roles.js';

export interface Edges {
  /**
   * The principals of the run: those given, then (`roles-from-iam`) the roles listed through
   * IAM; the settings' `principals` are replaced by these for the analysis.
   */
  principals: PrincipalRef[];
  /** Roles under the `roles-from-iam` path that are not analysed, and why. */
  leftOut: ListedRoles['leftOut'];
  /** Loads the IAM knowledge (the generated catalogue, event map and visibility). */
  iam: () => Promise<IamKnowledge>;
  activity: ActivitySource;
  /** Per principal, where its current policies come from (undefined: none). */
  policies: (PolicySource | undefined)[];
  /** Releases the AWS clients' connections. */
  close(): void;
}

/**
 * The composition root shared by the CLI and the action: builds the activity source (local
 * folder or S3 bucket), the policy source (files or IAM) and the loader of the IAM knowledge
 * from the settings. AWS clients are created only when S3 or IAM is used, once, through the one
 * client factory.
 */
export async function createEdges(settings: Settings, names: InputNames): Promise<Edges> {
  // The AWS SDK is most of the bundle: loaded only when S3 or IAM is used, so that a run on
  // local files does not spend its start compiling it.
  // A permission set given by ARN is named through sso-admin.
  const byArn = settings.principals.some((p) => p.kind === 'name' && p.permissionSetArn);
  const needsAws = settings.source.kind === 's3' || settings.readIam || byArn;
  const { callerAccountId, createAwsClients, destroyAwsClients, s3Like, iamLike, ssoAdminLike } =
    needsAws ? await loadAws() : notLoaded;
  let clients: AwsClients | undefined;
  const aws = (): AwsClients =>
    (clients ??= createAwsClients({
      maxAttempts: settings.maxAttempts,
      ...(settings.source.kind === 's3'
        ? {
            forcePathStyle: settings.source.pathStyle,
            ...(settings.source.trailRoleArn !== undefined
              ? { trailRoleArn: settings.source.trailRoleArn }
              : {}),
          }
        : {}),
    }));

  const listed = await principalsOf(settings, names, () => iamLike(aws().iam));
  // Per principal (by index), its permission set's reader through sso-admin, made when needed.
  const readers: PermissionSetReader[] = [];
  const readerAt = (i: number): PermissionSetReader => {
    const given = listed.principals[i]!;
    return (readers[i] ??= new PermissionSetReader(
      ssoAdminLike(aws().ssoAdmin),
      given.kind === 'name' && given.permissionSetArn
        ? { arn: given.permissionSetArn }
        : { name: given.name },
    ));
  };
  const principals: PrincipalRef[] = [];
  for (const [i, principal] of listed.principals.entries()) {
    const unnamed = principal.kind === 'name' && principal.permissionSetArn !== undefined;
    principals.push(
      unnamed ? { ...principal, name: (await readerAt(i).permissionSet()).name } : principal,
    );
  }
  const leftOut = listed.leftOut;
  let activity: ActivitySource;
  const source = settings.source;
  if (source.kind === 'local') {
    activity = createLocalSource(source.logs, names.logs, { window: settings.window });
  } else {
    const wanted = accountsToRead(source, principals);
    const accounts = wanted.accounts;
    if (wanted.caller) {
      const own = await callerAccountId(aws().sts);
      if (own === undefined) {
        throw new UserError(
          `${names.accounts}: a principal is given by name and the caller's account is unknown; list the accounts to read`,
        );
      }
      if (!accounts.includes(own)) accounts.push(own);
      accounts.sort();
    }
    for (const principal of wanted.permissionSets) {
      const reader = readerAt(principals.indexOf(principal));
      for (const account of await provisionedAccounts(reader, names.accounts)) {
        if (!accounts.includes(account)) accounts.push(account);
      }
      accounts.sort();
    }
    activity = createS3Source(s3Like(aws().s3), {
      bucket: source.bucket,
      prefix: source.prefix,
      organizationId: source.organizationId,
      accounts,
      regions: source.regions,
      from: settings.window.from,
      to: settings.window.to,
      concurrency: settings.concurrency,
      maxAttempts: settings.maxAttempts,
    });
  }

  const policies = principals.map((principal, i): PolicySource | undefined => {
    const files = settings.policyFiles[i] ?? [];
    if (files.length > 0) return createFilePolicySource(files, names.currentPolicies);
    if (!settings.readIam) return undefined;
    if (principal.type === 'permission-set') {
      return createSsoPolicySource(readerAt(i), iamLike(aws().iam), {
        callerAccountId: () => callerAccountId(aws().sts),
      });
    }
    return createIamPolicySource(iamLike(aws().iam), principalLabel(principal), {
      type: principal.type,
      callerAccountId: () => callerAccountId(aws().sts),
    });
  });

  return {
    principals,
    leftOut,
    iam: loadIamKnowledge,
    activity,
    policies,
    close: () => {
      if (clients) destroyAwsClients(clients);
    },
  };
}

/** The principals given, and the roles `roles-from-iam` lists (those not given already). */
async function principalsOf(
  settings: Settings,
  names: InputNames,
  iam: () => IamLike,
): Promise<{ principals: PrincipalRef[]; leftOut: ListedRoles['leftOut'] }> {
  if (settings.rolesFromIam === undefined) return { principals: settings.principals, leftOut: [] };
  const listed = await rolesUnderPath(iam(), settings.rolesFromIam, {
    now: new Date(),
    minLookbackDays: settings.minLookbackDays,
  });
  const given = new Set(settings.principals.map((p) => `${p.type} ${p.name}`));
  const principals = [
    ...settings.principals,
    ...listed.roles.filter((role) => !given.has(`role ${role.name}`)),
  ];
  if (principals.length === 0) {
    const why = listed.leftOut.map((l) => `${l.principal} (${l.reason})`).join('; ');
    throw new UserError(
      `${names.rolesFromIam}: no role of the account under ${settings.rolesFromIam} to analyse${why !== '' ? `; left out: ${why}` : ''}`,
    );
  }
  return { principals, leftOut: listed.leftOut };
}

/** The accounts a permission set is provisioned to; none listable is an input error. */
async function provisionedAccounts(reader: PermissionSetReader, input: string): Promise<string[]> {
  let accounts: string[];
  try {
    accounts = await reader.accounts();
  } catch (error) {
    throw new UserError(
      `${input}: the accounts of permission set ${reader.label} are those it is provisioned to, which only sso-admin can list, and that failed (${messageOf(error)}); list the accounts to read`,
    );
  }
  if (accounts.length === 0) {
    throw new UserError(
      `${input}: permission set ${reader.label} is provisioned to no account, so it has no role whose logs could be read; list the accounts to read if that is not so`,
    );
  }
  return accounts;
}

async function loadAws(): Promise<
  typeof import('./aws/clients.js') & typeof import('./aws/adapters.js')
> {
  const [clients, adapters] = await Promise.all([
    import('./aws/clients.js'),
    import('./aws/adapters.js'),
  ]);
  return { ...clients, ...adapters };
}

const unloaded = (): never => {
  throw new Error('the AWS SDK was not loaded: this run uses neither S3 nor IAM');
};
const notLoaded = {
  callerAccountId: unloaded,
  createAwsClients: unloaded,
  destroyAwsClients: unloaded,
  s3Like: unloaded,
  iamLike: unloaded,
  ssoAdminLike: unloaded,
};
