/**
 * `roles-from-iam`: the roles of the credentials' account under a path, as a fleet. Roles no
 * one can tighten here are left out, each with the reason, and the report lists them.
 */
import type { IamLike } from '../aws/adapters.js';
import { translateIamError } from '../aws/errors.js';
import { parsePrincipalRef, principalLabel, type PrincipalRef } from '../activity/principal.js';
import { byCodeUnits } from '../util/order.js';
import { allPages } from './iam-source.js';

export interface ListedRoles {
  /** The roles to analyse, by ARN, sorted. */
  roles: PrincipalRef[];
  /** Roles under the path that are not analysed, and why; sorted by ARN. */
  leftOut: { principal: string; reason: string }[];
}

const DAY_MS = 86_400_000;

/**
 * Lists the account's roles under `pathPrefix` (IAM's ListRoles, every page) and keeps those
 * that can be tightened from their activity: not service-linked roles (AWS defines their
 * policies), not the roles IAM Identity Center makes for permission sets (edited through the
 * permission set), not roles created less than `minLookbackDays` before `now` (their activity
 * cannot show yet what they need).
 */
export async function rolesUnderPath(
  client: IamLike,
  pathPrefix: string,
  options: { now: Date; minLookbackDays: number },
): Promise<ListedRoles> {
  let pages;
  try {
    pages = await allPages((marker) =>
      client.listRoles({
        PathPrefix: pathPrefix,
        ...(marker !== undefined ? { Marker: marker } : {}),
      }),
    );
  } catch (error) {
    throw translateIamError(error, {
      principal: `under path ${pathPrefix}`,
      operation: 'ListRoles',
    });
  }
  const roles: PrincipalRef[] = [];
  const leftOut: ListedRoles['leftOut'] = [];
  for (const role of pages.flatMap((page) => page.Roles ?? [])) {
    if (!role.Arn) continue;
    const reason = leftOutBecause(role, options);
    if (reason !== undefined) leftOut.push({ principal: role.Arn, reason });
    else roles.push(parsePrincipalRef(role.Arn, 'role', 'roles-from-iam'));
  }
  roles.sort((a, b) => byCodeUnits(principalLabel(a), principalLabel(b)));
  leftOut.sort((a, b) => byCodeUnits(a.principal, b.principal));
  return { roles, leftOut };
}

function leftOutBecause(
  role: { Path?: string | undefined; RoleName?: string | undefined; CreateDate?: Date | undefined },
  options: { now: Date; minLookbackDays: number },
): string | undefined {
  const path = role.Path ?? '/';
  const name = role.RoleName ?? '';
  if (path.startsWith('/aws-service-role/') || name.startsWith('AWSServiceRoleFor')) {
    return 'a service-linked role: AWS defines its policies, which cannot be edited';
  }
  if (path.startsWith('/aws-reserved/') || name.startsWith('AWSReservedSSO_')) {
    return 'made by IAM Identity Center for a permission set: tighten the permission set instead';
  }
  if (role.CreateDate !== undefined) {
    const days = (options.now.getTime() - role.CreateDate.getTime()) / DAY_MS;
    if (days < options.minLookbackDays) {
      return `created ${Math.max(0, Math.floor(days))} days ago, less than min-lookback-days (${options.minLookbackDays}): its activity cannot show yet what it needs`;
    }
  }
  return undefined;
}
