/** The "reproduce this run" command of a report, rendered from the settings where it is shown. */
import { principalLabel } from '../activity/principal.js';
import { DEFAULT_SCOPE_MAX_ARNS } from '../generate/scope.js';
import {
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_MIN_LOOKBACK_DAYS,
  DEFAULT_UNKNOWN_MODE,
  type Settings,
} from './analysis.js';

/**
 * The CLI command that reproduces a run with these settings (shell-quoted), run from a clone of
 * the repository: the package is not published, and the CLI is bundled in `dist/cli/index.js`.
 */
export function cliCommand(settings: Settings): string {
  const args = settings.principals.flatMap((p) => [`--${p.type}`, principalLabel(p)]);
  if (settings.rolesFromIam !== undefined) args.push('--roles-from-iam', settings.rolesFromIam);
  const source = settings.source;
  if (source.kind === 'local') args.push('--logs', source.logs);
  else {
    args.push('--bucket', source.bucket);
    if (source.prefix !== undefined) args.push('--prefix', source.prefix);
    if (source.organizationId !== undefined) args.push('--organization-id', source.organizationId);
    if (source.accounts) args.push('--accounts', source.accounts.join(','));
    if (source.regions) args.push('--regions', source.regions.join(','));
    if (source.trailRoleArn !== undefined) args.push('--trail-role-arn', source.trailRoleArn);
    if (source.pathStyle) args.push('--s3-path-style');
  }
  for (const policy of settings.currentPolicies) args.push('--current-policy', policy);
  if (settings.readIam && source.kind === 'local') args.push('--read-iam');
  args.push('--from', settings.window.from.toISOString().replace('.000Z', 'Z'));
  args.push('--to', settings.window.to.toISOString().replace('.000Z', 'Z'));
  if (settings.maxFileSize !== DEFAULT_MAX_FILE_SIZE)
    args.push('--max-file-size', String(settings.maxFileSize));
  if (settings.minLookbackDays !== DEFAULT_MIN_LOOKBACK_DAYS)
    args.push('--min-lookback-days', String(settings.minLookbackDays));
  if (settings.unknown !== DEFAULT_UNKNOWN_MODE) args.push('--unknown', settings.unknown);
  if (settings.keepActions.length > 0) args.push('--keep-actions', settings.keepActions.join(','));
  if (settings.keepSidPrefix !== undefined) args.push('--keep-sid-prefix', settings.keepSidPrefix);
  if (settings.resourceScope !== 'keep') args.push('--resource-scope', settings.resourceScope);
  if (settings.resourceScopeMaxArns !== DEFAULT_SCOPE_MAX_ARNS)
    args.push('--resource-scope-max-arns', String(settings.resourceScopeMaxArns));
  return ['node', 'dist/cli/index.js', ...args.map(shellQuote)].join(' ');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
