import type { Report } from '../report.js';
import type { ActionUsage } from '../mapping/action-usage.js';
import { UNKNOWN_REASONS, type UnknownAction } from '../evaluate/classify.js';
import { code, escapeMarkdown, fence, oneLine } from './escape.js';
import { formatPolicy } from '../generate/policy.js';
import { plural } from './plural.js';
import { principalNoun } from '../activity/principal.js';

const MAX_ROWS = 50;

/**
 * The one human rendering of a report, used for the job summary, the PR comment and the PR
 * body: headline figures, what is proposed and why, a per-service table and chart, the
 * riskiest unused actions first, unknowns with their reasons, denials, coverage, the proposed
 * policy and the diff, and the command that reproduces the run. Every string from logs, ARNs,
 * policies or inputs goes through `code` or `escapeMarkdown`.
 */
export function renderMarkdown(report: Report): string {
  const hasPolicies = report.currentPolicies.length > 0;
  const out: string[] = [
    ...summarySection(report),
    ...proposalSection(report),
    ...(hasPolicies ? byServiceSection(report) : []),
    ...(hasPolicies ? unusedSection(report) : []),
    ...(report.diff.unknown.length > 0 ? unknownSection(report) : []),
    ...deniedSection(report),
    ...usedSection(report),
    ...notGrantedSection(report),
    ...unmappedSection(report),
    ...unknownPatternsSection(report),
    ...coverageSection(report),
    ...policySection(report),
    ...reproduceSection(report),
    `<sub>${escapeMarkdown(report.tool.name)} ${escapeMarkdown(report.tool.version)} · IAM catalogue ${escapeMarkdown(report.tool.catalogue)}</sub>`,
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

/** The title, the headline figures, what the proposal allows, and what was read. */
function summarySection(report: Report): string[] {
  const { coverage } = report;
  const out = [`## IAM policy drift for ${code(report.principal)}`, '', headline(report), ''];
  const allows = allowsLine(report);
  if (allows !== undefined) out.push(allows, '');
  out.push(
    `Window ${report.window.from} → ${report.window.to} (${report.window.days} days) · ` +
      `${coverage.filesRead} of ${coverage.filesListed} log files read from ${code(report.source)} · ` +
      `${coverage.recordsMatched} API calls of the ${principalNoun(report.principalType)} in ${coverage.recordsRead} records`,
    '',
  );
  out.push(...accountsTable(report));
  return out;
}

/** A permission set's calls per account, through its role there (never its sessions). */
function accountsTable(report: Report): string[] {
  if (report.accounts === undefined) return [];
  if (report.accounts.length === 0) return [];
  return [
    '| account | role | calls |',
    '| --- | --- | ---: |',
    ...report.accounts.map(
      (row) =>
        `| ${code(row.account)} | ${row.roles.map((arn) => code(arn.slice(arn.lastIndexOf('/') + 1))).join(', ')} | ${row.calls} |`,
    ),
    '',
  ];
}

/** Granted, used, not used, unknown and denied per service, with the chart. */
function byServiceSection(report: Report): string[] {
  const { byService } = report.figures;
  if (byService.length === 0) return [];
  return [
    '### By service',
    '',
    '| service | granted | used | not used | unknown | denied |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...byService.map(
      (row) =>
        `| ${code(row.service)} | ${row.granted} | ${row.used} | ${row.unused} | ${row.unknown} | ${row.denied} |`,
    ),
    '',
    ...chart(report),
    '',
  ];
}

/** Granted actions the principal did not use, riskiest first. */
function unusedSection(report: Report): string[] {
  const { unused } = report.diff;
  const out = ['### Granted but not used', ''];
  if (unused.length === 0) return [...out, 'No granted action went unused.', ''];
  out.push(
    'Riskiest first: privilege escalation, then permissions management, write, tagging, read, list.',
    '',
    '| action | access level | risk | granted by |',
    '| --- | --- | --- | --- |',
  );
  for (const u of unused.slice(0, MAX_ROWS)) {
    out.push(
      `| ${code(u.action)} | ${u.accessLevel} | ${u.risk ? '⚠️ privilege escalation' : ''} | ${u.grantedBy.map(code).join(', ')} |`,
    );
  }
  more(out, unused.length);
  out.push('');
  return out;
}

/** Calls refused by authorization, with the cause. */
function deniedSection(report: Report): string[] {
  const { denied } = report.diff;
  if (denied.length === 0) return [];
  const out = [
    '### Denied calls',
    '',
    'Refused by authorization; never part of the proposed policy.',
    '',
    '| action | denied | last seen | why |',
    '| --- | ---: | --- | --- |',
  ];
  for (const d of denied.slice(0, MAX_ROWS)) {
    out.push(
      `| ${code(d.action)} | ${d.count} | ${escapeMarkdown(d.lastSeen)} | ${escapeMarkdown(d.explanation)} |`,
    );
  }
  more(out, denied.length);
  out.push('');
  return out;
}

/** Every action the principal used, with its calls, regions, events and resources (folded). */
function usedSection(report: Report): string[] {
  const used = report.usage.filter((u) => u.count > 0);
  const out = ['### Used actions', ''];
  if (used.length === 0) {
    return [
      ...out,
      `No action of this ${principalNoun(report.principalType)} was seen succeeding in the window.`,
      '',
    ];
  }
  out.push(
    `<details><summary>${plural(used.length, 'action')} used</summary>`,
    '',
    '| action | calls | last seen | regions | from events | resources |',
    '| --- | ---: | --- | --- | --- | --- |',
  );
  const home = /^arn:[^:]+:iam::(\d{12}):/.exec(report.principal)?.[1];
  for (const u of used.slice(0, MAX_ROWS * 2)) {
    const inferred =
      u.parameters !== undefined && u.parameters.length > 0
        ? ` (inferred from the request: ${u.parameters.slice(0, 3).map(code).join(', ')}${u.parameters.length > 3 ? ', …' : ''})`
        : '';
    const events = u.events.map((e) => code(e.split(' ')[1] ?? e)).join(', ') + inferred;
    out.push(
      `| ${code(u.action)} | ${u.count} | ${escapeMarkdown(u.lastSeen)} | ${u.regions.map(escapeMarkdown).join(', ')} | ${events} | ${resourcesCell(u, home)} |`,
    );
  }
  more(out, used.length, MAX_ROWS * 2);
  out.push('', '</details>', '');
  return out;
}

/** Actions used but not allowed by the given policies. */
function notGrantedSection(report: Report): string[] {
  const { notGranted } = report.diff;
  if (notGranted.length === 0) return [];
  const out = [
    '### Used but not granted by these policies',
    '',
    `A resource policy may allow them, or a policy of the ${principalNoun(report.principalType)} is missing from the comparison: `,
    notGranted
      .slice(0, MAX_ROWS)
      .map((n) => code(n.action))
      .join(', '),
    '',
  ];
  more(out, notGranted.length);
  if (notGranted.length > MAX_ROWS) out.push('');
  return out;
}

/** Events no mapping resolves: listed, never dropped. */
function unmappedSection(report: Report): string[] {
  if (report.unmapped.length === 0) return [];
  const out = [
    '### Events not mapped to an action',
    '',
    '| event source | event name | calls |',
    '| --- | --- | ---: |',
  ];
  for (const e of report.unmapped.slice(0, MAX_ROWS))
    out.push(`| ${code(e.eventSource)} | ${code(e.eventName)} | ${e.count} |`);
  more(out, report.unmapped.length);
  out.push('');
  return out;
}

/** Action patterns of the policies that name no catalogue action. */
function unknownPatternsSection(report: Report): string[] {
  if (report.unknownPatterns.length === 0) return [];
  const out = ['### Policy patterns that name no action', ''];
  for (const p of report.unknownPatterns.slice(0, MAX_ROWS))
    out.push(`- ${code(p.policy)}: ${code(p.pattern)}`);
  more(out, report.unknownPatterns.length);
  out.push('');
  return out;
}

/** What was read, the problems found, the policies compared, and what is not evaluated. */
function coverageSection(report: Report): string[] {
  const { coverage } = report;
  const out = [
    '### Coverage',
    '',
    `| files listed | read | failed | records read | ${principalNoun(report.principalType)}'s API calls | duplicates | outside window |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${coverage.filesListed} | ${coverage.filesRead} | ${coverage.filesFailed} | ${coverage.recordsRead} | ${coverage.recordsMatched} | ${coverage.duplicateRecords} | ${coverage.recordsOutsideWindow} |`,
    '',
  ];
  if (coverage.recordsNotDeduplicated > 0) {
    out.push(
      `${coverage.recordsNotDeduplicated} of the ${principalNoun(report.principalType)}'s calls were of an account, region and hour read before whose event IDs were no longer kept (two trails in one folder, or a file delivered hours late): call counts may include that many duplicates. The policy does not depend on counts.`,
      '',
    );
  }
  if (coverage.problems.length > 0) {
    for (const p of coverage.problems.slice(0, 20)) {
      out.push(
        `- ${p.object !== undefined ? `${code(p.object)}: ` : ''}${escapeMarkdown(p.message)}`,
      );
    }
    more(out, coverage.problems.length, 20);
    out.push('');
  }
  if (report.currentPolicies.length > 0) {
    out.push(
      `Current policies: ${report.currentPolicies.map((p) => `${code(p.name)} (${p.kind}${p.group !== undefined ? ` of group ${code(p.group)}` : ''})`).join(', ')}.`,
      '',
    );
  }
  out.push(`Not evaluated: ${report.notEvaluated.map(escapeMarkdown).join('; ')}.`, '');
  return out;
}

/** The command that reproduces the run, folded. */
function reproduceSection(report: Report): string[] {
  return [
    '<details><summary>Reproduce this run locally</summary>',
    '',
    'In a clone of the iam-policy-drift repository (the package is not published to npm; the CLI is bundled in `dist/cli/index.js`), with AWS credentials that can read the trail:',
    '',
    fence(report.command, 'sh'),
    '',
    '</details>',
    '',
  ];
}

/** What each unknown reason means, for a group of actions of a role's (or user's) policies. */
const unknownText = (noun: string): Readonly<Record<UnknownAction['reason'], string>> => ({
  'never-logged':
    'CloudTrail does not record these calls (data-plane APIs such as logs:PutLogEvents, each with its source in the JSON report)',
  'data-events-not-in-trail':
    "logged only as data events, and the records read hold none of the service's of that direction",
  'permission-only-cross-service':
    'permissions with no API of their own, checked when calls of other services hand over a role or a connection',
  'permission-only': `no API operation of their own: checked inside calls of their service, which the ${noun} made`,
  'possibly-needed': `an event of the ${noun} may have needed them, depending on request parameters the trail doesn't show`,
  'unmapped-events-of-service': `the ${noun} made calls of their service that map to no known action; any of them may have needed them`,
  'no-api-model': `the ${noun} called their service, but no API model lists its operations`,
  'not-in-catalogue': 'patterns naming no action of the IAM catalogue, kept verbatim',
  'service-not-recorded': `services CloudTrail does not record at all (in preview or without a public API) that the ${noun} left no trace of using`,
});

function unknownSection(report: Report): string[] {
  const { diff, proposal } = report;
  const mode = proposal.allows.unknownMode;
  const out: string[] = [
    '### Unknown: granted, but the trail cannot show their use',
    '',
    `Never counted as unused. With \`unknown: ${mode}\`, ${
      mode === 'keep'
        ? 'all are kept'
        : mode === 'drop'
          ? 'none is kept'
          : `all are kept but those of services CloudTrail does not record that the ${principalNoun(report.principalType)} left no trace of using`
    }.`,
    '',
    '| why | actions | kept | examples |',
    '| --- | ---: | --- | --- |',
  ];
  const groups = new Map<
    string,
    { reason: UnknownAction['reason']; text: string; actions: string[] }
  >();
  const texts = unknownText(principalNoun(report.principalType));
  for (const u of diff.unknown) {
    const service = u.action.split(':')[0] ?? '';
    const key = u.reason === 'data-events-not-in-trail' ? `${u.reason} ${service}` : u.reason;
    const text =
      u.reason === 'data-events-not-in-trail'
        ? `${service} data events: ${texts[u.reason]}`
        : texts[u.reason];
    const group = groups.get(key) ?? { reason: u.reason, text, actions: [] };
    group.actions.push(u.action);
    groups.set(key, group);
  }
  const order = (reason: string): number =>
    UNKNOWN_REASONS.indexOf(reason as UnknownAction['reason']);
  for (const group of [...groups.values()].sort((a, b) => order(a.reason) - order(b.reason))) {
    const kept =
      mode === 'keep' || (mode === 'called-services' && group.reason !== 'service-not-recorded')
        ? 'yes'
        : 'no';
    const shown = group.actions.slice(0, 6).map(code).join(', ');
    out.push(
      `| ${escapeMarkdown(group.text)} | ${group.actions.length} | ${kept} | ${shown}${group.actions.length > 6 ? ', …' : ''} |`,
    );
  }
  out.push(
    '',
    'The JSON report gives each action with its reason and source (`diff.unknown`).',
    '',
  );
  return out;
}

/** The first figures a reviewer needs: what the proposal allows, and why. */
function allowsLine(report: Report): string | undefined {
  const { allows, status } = report.proposal;
  if (status === 'generated') {
    return `**The generated policy allows ${plural(allows.actions, 'action')}**, each of them used.`;
  }
  if (report.currentPolicies.length === 0) return undefined;
  if (status !== 'proposed') {
    return `**Nothing is proposed; today's policies allow ${plural(allows.actions, 'action')}**: ${allows.used} used, ${allows.unknown} whose use the trail cannot show, ${allows.keptOtherwise} not used.`;
  }
  const parts = [
    `**The proposal allows ${plural(allows.actions, 'action')}**: ${allows.used} used`,
    `${allows.unknown} kept only because the trail cannot show their use`,
  ];
  if (allows.keptOtherwise > 0) {
    parts.push(`${allows.keptOtherwise} kept by keep-actions or a kept Sid`);
  }
  return `${parts.join(', ')}.`;
}

function headline(report: Report): string {
  const { figures, diff } = report;
  const parts: string[] = [];
  if (report.currentPolicies.length > 0) {
    parts.push(
      `**${figures.unused} of ${figures.granted} granted actions were not used** (${figures.reductionPercent}%)`,
    );
    parts.push(`${figures.used} used`, `${figures.unknown} unknown`);
    const risky = diff.unused.filter((u) => u.risk).length;
    if (risky > 0)
      parts.push(`⚠️ ${risky} unused privilege-escalation action${risky === 1 ? '' : 's'}`);
  } else {
    const usedCount = report.usage.filter((u) => u.count > 0).length;
    parts.push(`**${plural(usedCount, 'action')} used**`, 'no current policies to compare with');
  }
  if (figures.denied > 0) parts.push(`${figures.denied} denied`);
  if (report.unmapped.length > 0) {
    parts.push(`${plural(report.unmapped.length, 'event')} not mapped`);
  }
  return parts.join(' · ');
}

function proposalSection(report: Report): string[] {
  const { proposal } = report;
  const out: string[] = [];
  switch (proposal.status) {
    case 'withheld':
      out.push('> [!WARNING]', '> **No removal is proposed.**');
      for (const reason of proposal.reasons) out.push(`> - ${escapeMarkdown(reason)}`);
      out.push('>', "> The findings below show what was seen; the proposed policy is today's.");
      break;
    case 'proposed':
      out.push(
        `**Proposed:** remove ${proposal.removed.length} action${proposal.removed.length === 1 ? '' : 's'}; the evaluator checked that the proposal allows nothing today's policies do not.`,
      );
      break;
    case 'unchanged':
      out.push('**Nothing to remove:** every granted action was used, is unknown, or is kept.');
      break;
    case 'generated':
      out.push(`**Generated:** ${escapeMarkdown(proposal.reasons.join('; '))}.`);
      break;
    case 'too-large':
      out.push(
        '> [!WARNING]',
        "> **The tightened policy does not fit IAM's size limits**, so none is proposed.",
      );
      for (const reason of proposal.reasons) out.push(`> - ${escapeMarkdown(reason)}`);
      out.push(
        '>',
        "> Narrow the unknown actions (`unknown: called-services` or `drop`, `keep-actions`), or split today's policy by service. The proposed policy below is today's.",
      );
      break;
  }
  for (const note of proposal.notes) out.push('', `Note: ${escapeMarkdown(note)}.`);
  out.push('');
  return out;
}

function policySection(report: Report): string[] {
  const out: string[] = [];
  const documents = report.proposedPolicies;
  out.push('### Proposed policy', '');
  if (documents.length > 1) {
    out.push(
      '> [!IMPORTANT]',
      `> **The proposal is split into ${documents.length} policies**: together they fit IAM's managed-policy size limit (6,144 characters each). Attach all ${documents.length}; one alone grants only part of what the ${principalNoun(report.principalType)} needs. The \`proposed-policy\` output holds only the first; \`proposed-policies\` and the JSON report's \`proposedPolicies\` hold them all.`,
      '',
    );
  }
  documents.forEach((document, i) => {
    const title =
      documents.length > 1
        ? `Policy ${i + 1} of ${documents.length} (${report.proposal.sizes[i]} characters)`
        : 'Proposed policy document';
    out.push(
      `<details><summary>${title}</summary>`,
      '',
      fence(formatPolicy(document).trimEnd(), 'json'),
      '',
      '</details>',
      '',
    );
  });
  const { removed } = report.proposal;
  if (removed.length > 0) {
    const lines = removed
      .slice(0, MAX_ROWS * 2)
      .map((a) => `- ${oneLine(a)}`)
      .join('\n');
    out.push(
      `<details><summary>Diff: ${plural(removed.length, 'action')} removed</summary>`,
      '',
      fence(lines, 'diff'),
      '',
    );
    if (removed.length > MAX_ROWS * 2) {
      more(out, removed.length, MAX_ROWS * 2);
      out.push('');
    }
    out.push('</details>', '');
  }
  return out;
}

/**
 * Mermaid bar chart (GitHub renders it): used, unused and unknown actions of the services with
 * the most unused actions, drawn as stacked bars (xychart overlays its bars, so the bars are
 * cumulative: used + unused + unknown, used + unused, used; tallest first).
 */
function chart(report: Report): string[] {
  const total = (r: { used: number; unused: number; unknown: number }): number =>
    r.used + r.unused + r.unknown;
  const rows = [...report.figures.byService]
    .filter((r) => total(r) > 0)
    .sort((a, b) => b.unused - a.unused || total(b) - total(a) || (a.service < b.service ? -1 : 1))
    .slice(0, 12);
  if (rows.length === 0) return [];
  const names = rows.map((r) => `"${r.service.replace(/[^a-z0-9-]/gi, '')}"`).join(', ');
  const max = Math.max(...rows.map(total), 1);
  return [
    '```mermaid',
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#8c959f, #cf222e, #2da44e"}}}}%%',
    'xychart-beta',
    '  title "Actions per service: used (green), unused (red), unknown (grey)"',
    `  x-axis [${names}]`,
    `  y-axis "actions" 0 --> ${max}`,
    `  bar [${rows.map(total).join(', ')}]`,
    `  bar [${rows.map((r) => r.used + r.unused).join(', ')}]`,
    `  bar [${rows.map((r) => r.used).join(', ')}]`,
    '```',
  ];
}

function more(out: string[], total: number, shown = MAX_ROWS): void {
  if (total > shown) out.push(`…and ${total - shown} more (see the JSON report).`);
}

/**
 * The resources an action acted on, compactly: the resource part of up to two ARNs, with the
 * region and the account when it is not the principal's own, then how many more.
 */
function resourcesCell(u: ActionUsage, home: string | undefined): string {
  const resources = u.resources ?? [];
  if (resources.length === 0) return (u.otherResources ?? 0) > 0 ? 'not kept' : '';
  const shown = resources.slice(0, 2).map((r) => {
    const parts = r.arn.split(':');
    if (parts.length < 6) return code(r.arn);
    const account = parts[4] !== home ? parts[4] : undefined;
    const where = [parts[3], account].filter((p) => p !== undefined && p !== '').join(' ');
    return `${code(parts.slice(5).join(':'))}${where ? ` (${escapeMarkdown(where)})` : ''}`;
  });
  const more = resources.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}${(u.otherResources ?? 0) > 0 ? ', and others not kept' : ''}`;
}
