import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyze } from '../analyze.js';
import { createEdges } from '../wiring.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { buildSettings, isFleet, type InputNames, type RawSettings } from '../settings/analysis.js';
import { UserError, messageOf } from '../util/errors.js';
import { VERSION } from '../version.js';
import type { ReadProgress } from '../activity/read.js';
import { formatProgress } from '../render/progress.js';
import { cliCommand } from '../settings/command.js';
import { fleetReportOf, type FleetReport, type Report } from '../report.js';
import { renderFleetMarkdown } from '../render/fleet.js';

export const USAGE = `Usage: iam-policy-drift (--role <arn|name> | --user <arn|name> | --permission-set <arn|name>) (--logs <dir> | --bucket <name>) [options]

Builds a least-privilege IAM policy from what a role, IAM user or permission set did, as recorded in CloudTrail
log files, and compares it with its current policies.

Options:
  --role <arn|name>          the role: arn:aws:iam::123456789012:role/path/name, or a name;
                             repeat for a fleet, read in one pass over the trail
  --user <arn|name>          or an IAM user: arn:aws:iam::123456789012:user/path/name, or a name;
                             its own policies and its groups' are compared; repeatable too
  --permission-set <arn|name>  or an IAM Identity Center permission set: its
                             AWSReservedSSO_<name>_* roles in every account, as one; its
                             policies are read through sso-admin; repeatable too
  --roles-from-iam <path>    and the account's roles under an IAM path (/service/), listed
                             through IAM; service-linked, Identity Center and roles younger
                             than --min-lookback-days are left out, and the report says so
  --logs <dir>               folder of CloudTrail files (.json.gz, .json), read recursively
  --bucket <name>            or: the trail's S3 bucket
    --prefix <p>             the trail's prefix in the bucket (before AWSLogs/)
    --organization-id <o-x>  for an organization trail (absent for an account trail)
    --accounts <a,b>         accounts to read (default: the role's or user's own)
    --regions <r1,r2>        regions to read (default: all found; us-east-1 always)
    --trail-role-arn <arn>   a role to assume for reading the bucket
    --s3-path-style          path-style S3 addressing (local S3 servers need it)
    --max-attempts <n>       attempts per AWS call, throttling and 5xx retried (default 5)
  --current-policy <file>    a current policy document; repeat for several; in a fleet,
                             <name or ARN>=<file> says whose it is. Without it, the
                             role's (user's) policies are read from IAM when --bucket is used
  --read-iam                 read the role's (user's) policies from IAM with --logs too
  --from <date>              window start (YYYY-MM-DD or ISO 8601 time, UTC)
  --to <date>                window end, exclusive (default: the next UTC midnight)
  --days <n>                 window length in days when --from is not given (default 90)
  --format json|markdown     report format (default markdown)
  --output <file>            write the report to a file instead of standard output
  --max-failed-files <n|p%>  unreadable files tolerated before the run fails (default 5%)
  --max-file-size <MiB>      log files larger than this uncompressed are counted as failed,
                             unread (default 1024)
  --concurrency <n>          S3 objects fetched at once (default 8)
  --min-lookback-days <n>    no removal is proposed for a shorter window (default 30)
  --unknown <mode>           granted actions whose use the trail cannot show: keep,
                             called-services (default: kept where the role could have
                             needed them), drop
  --drop-unknown             the same as --unknown drop
  --keep-actions <a,b>       action patterns always kept (s3:Get*, iam:PassRole)
  --keep-sid-prefix <p>      statements whose Sid starts with this are kept verbatim
  --resource-scope <mode>    resources of the used actions in the proposal: keep (today's,
                             the default), observed (the ARNs they acted on), account
                             (resource names wildcarded in the accounts and regions seen)
  --resource-scope-max-arns <n>
                             observed: more ARNs of one shape become a wildcard (default 10)
  --quiet                    no progress on standard error
  -h, --help                 this help
  --version                  the version

Exit status: 0 done, 1 the run failed (too many unreadable files), 2 bad input.`;

const NAMES: InputNames = {
  role: '--role',
  user: '--user',
  permissionSet: '--permission-set',
  rolesFromIam: '--roles-from-iam',
  logs: '--logs',
  bucket: '--bucket',
  prefix: '--prefix',
  organizationId: '--organization-id',
  accounts: '--accounts',
  regions: '--regions',
  trailRoleArn: '--trail-role-arn',
  pathStyle: '--s3-path-style',
  maxAttempts: '--max-attempts',
  readIam: '--read-iam',
  currentPolicies: '--current-policy',
  from: '--from',
  to: '--to',
  days: '--days',
  format: '--format',
  maxFailedFiles: '--max-failed-files',
  maxFileSize: '--max-file-size',
  concurrency: '--concurrency',
  minLookbackDays: '--min-lookback-days',
  unknown: '--unknown',
  dropUnknown: '--drop-unknown',
  keepActions: '--keep-actions',
  keepSidPrefix: '--keep-sid-prefix',
  resourceScope: '--resource-scope',
  resourceScopeMaxArns: '--resource-scope-max-arns',
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  now: Date;
}

/** Runs the CLI; returns the exit status. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCliArgs(argv);
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const settings = buildSettings(rawSettingsOf(values), NAMES, io.now);
    const progress = values.quiet ? undefined : progressPrinter(io);
    const edges = await createEdges(settings, NAMES);
    let analysis;
    try {
      // The principals as the edge resolved them (`roles-from-iam` lists roles through IAM).
      analysis = await analyze(
        { ...settings, principals: edges.principals },
        {
          ...edges,
          ...(progress ? { onProgress: progress } : {}),
        },
      );
    } finally {
      edges.close();
    }
    const { failure } = analysis;
    const command = cliCommand(settings);
    const reports: Report[] = analysis.reports.map((report) => ({ ...report, command }));
    if (progress && io.isTTY) io.stderr('\n');
    const text = renderReports(
      reports,
      settings.format,
      isFleet(settings) ? edges.leftOut : undefined,
    );
    if (values.output !== undefined) {
      try {
        await writeFile(values.output, text);
      } catch (error) {
        throw new UserError(`--output: cannot write "${values.output}" (${messageOf(error)})`);
      }
    } else {
      io.stdout(text);
    }
    if (failure !== undefined) {
      io.stderr(`iam-policy-drift: ${failure}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    const known =
      error instanceof UserError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`iam-policy-drift: ${messageOf(error)}\n`);
    if (known) io.stderr('Run iam-policy-drift --help for the options.\n');
    return known ? 2 : 1;
  }
}

/**
 * One principal's report as it always was; a fleet's report for several, or whenever roles
 * were listed from IAM (`leftOut` then says which were left out).
 */
function renderReports(
  reports: Report[],
  format: 'json' | 'markdown',
  leftOut: FleetReport['leftOut'] | undefined,
): string {
  if (leftOut === undefined) {
    return format === 'json' ? renderJson(reports[0]!) : renderMarkdown(reports[0]!);
  }
  const fleet = fleetReportOf(reports, leftOut);
  return format === 'json' ? renderJson(fleet) : renderFleetMarkdown(fleet);
}

function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      role: { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      'permission-set': { type: 'string', multiple: true },
      'roles-from-iam': { type: 'string' },
      logs: { type: 'string' },
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      'organization-id': { type: 'string' },
      accounts: { type: 'string' },
      regions: { type: 'string' },
      'trail-role-arn': { type: 'string' },
      's3-path-style': { type: 'boolean' },
      'max-attempts': { type: 'string' },
      'read-iam': { type: 'boolean' },
      'current-policy': { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      days: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      'max-failed-files': { type: 'string' },
      'max-file-size': { type: 'string' },
      concurrency: { type: 'string' },
      'min-lookback-days': { type: 'string' },
      unknown: { type: 'string' },
      'drop-unknown': { type: 'boolean' },
      'keep-actions': { type: 'string' },
      'keep-sid-prefix': { type: 'string' },
      'resource-scope': { type: 'string' },
      'resource-scope-max-arns': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

/** The flags as the settings' raw values (`RawSettings`: the action inputs' shape). */
function rawSettingsOf(values: ReturnType<typeof parseCliArgs>['values']): RawSettings {
  return {
    // Repeated: one principal per flag, as the action takes one per line.
    ...defined('role', values.role?.join('\n')),
    ...defined('user', values.user?.join('\n')),
    ...defined('permissionSet', values['permission-set']?.join('\n')),
    ...defined('rolesFromIam', values['roles-from-iam']),
    ...defined('logs', values.logs),
    ...defined('bucket', values.bucket),
    ...defined('prefix', values.prefix),
    ...defined('organizationId', values['organization-id']),
    ...defined('accounts', values.accounts),
    ...defined('regions', values.regions),
    ...defined('trailRoleArn', values['trail-role-arn']),
    ...defined('maxAttempts', values['max-attempts']),
    ...(values['s3-path-style'] ? { pathStyle: 'true' } : {}),
    ...(values['read-iam'] ? { readIam: 'true' } : {}),
    currentPolicies: values['current-policy'] ?? [],
    ...defined('from', values.from),
    ...defined('to', values.to),
    ...defined('days', values.days),
    ...defined('format', values.format),
    ...defined('maxFailedFiles', values['max-failed-files']),
    ...defined('maxFileSize', values['max-file-size']),
    ...defined('concurrency', values.concurrency),
    ...defined('minLookbackDays', values['min-lookback-days']),
    ...defined('keepActions', values['keep-actions']),
    ...defined('keepSidPrefix', values['keep-sid-prefix']),
    ...defined('unknown', values.unknown),
    ...defined('resourceScope', values['resource-scope']),
    ...defined('resourceScopeMaxArns', values['resource-scope-max-arns']),
    ...(values['drop-unknown'] ? { dropUnknown: 'true' } : {}),
  };
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Progress on standard error: one updating line on a terminal, a line every few seconds otherwise. */
function progressPrinter(io: CliIo): (p: ReadProgress) => void {
  return (p) => {
    const line = formatProgress(p);
    if (io.isTTY) io.stderr(`\r${line}\x1b[K`);
    else if (p.elapsedMs >= 5000 || (!p.listing && p.filesDone === p.filesTotal))
      io.stderr(`${line}\n`);
  };
}
