/**
 * The markdown of a fleet's report: one table of every principal's figures, then each
 * principal's own report, folded. The same text serves the job summary, the one sticky comment
 * of the run, and the body of a pull request that tightens the whole fleet.
 */
import { principalReport, type FleetReport } from '../report.js';
import { code, escapeMarkdown } from './escape.js';
import { principalNoun } from '../activity/principal.js';
import { renderMarkdown } from './markdown.js';
import { plural } from './plural.js';

export function renderFleetMarkdown(fleet: FleetReport): string {
  const { fleet: figures, coverage, window } = fleet;
  const out: string[] = [
    `## IAM policy drift for ${plural(figures.principals, 'principal')}`,
    '',
    fleetHeadline(fleet),
    '',
    `Window ${window.from} → ${window.to} (${window.days} days) · ` +
      `${coverage.filesRead} of ${coverage.filesListed} log files read once for all, from ${code(fleet.source)} · ` +
      `${coverage.recordsRead} records`,
    '',
  ];
  if (!coverage.complete) {
    out.push(
      '> [!WARNING]',
      '> Coverage is incomplete for some principals: no removal is proposed for them (see their sections).',
      '',
    );
  }
  out.push(...fleetTable(fleet), '');
  if (fleet.leftOut.length > 0) {
    out.push(`Left out of the roles listed from IAM (${fleet.leftOut.length}):`, '');
    for (const role of fleet.leftOut) {
      out.push(`- ${code(role.principal)}: ${escapeMarkdown(role.reason)}`);
    }
    out.push('');
  }
  fleet.principals.forEach((entry, i) => {
    const status = entry.proposal.status;
    const removed = entry.proposal.removed.length;
    out.push(
      `<details><summary><code>${html(entry.principal)}</code> (${principalNoun(entry.principalType)}): ${status}${removed > 0 ? `, ${plural(removed, 'action')} removed` : ''}</summary>`,
      '',
      demoteHeadings(renderMarkdown(principalReport(fleet, i))).trimEnd(),
      '',
      '</details>',
      '',
    );
  });
  out.push(
    `<sub>${escapeMarkdown(fleet.tool.name)} ${escapeMarkdown(fleet.tool.version)} · IAM catalogue ${escapeMarkdown(fleet.tool.catalogue)}</sub>`,
  );
  return `${out.join('\n').trimEnd()}\n`;
}

function fleetHeadline(fleet: FleetReport): string {
  const { fleet: f } = fleet;
  const statuses = Object.entries(f.statuses)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return (
    `**${f.unused} of ${f.granted} granted actions were not used** across the fleet · ` +
    `${f.used} used · ${f.unknown} unknown · ${f.denied} denied · ` +
    `proposals: ${statuses} · ${plural(f.removed, 'action')} removed in all`
  );
}

/** One row per principal, in the order given. */
function fleetTable(fleet: FleetReport): string[] {
  const rows = fleet.principals.map((entry) => {
    const f = entry.figures;
    const reduction =
      entry.currentPolicies.length > 0 && f.granted > 0
        ? `${Math.round((entry.proposal.removed.length * 100) / f.granted)}%`
        : '–';
    return `| ${code(entry.principal)} | ${f.granted} | ${f.used} | ${f.unused} | ${f.unknown} | ${f.denied} | ${entry.proposal.status} | ${reduction} |`;
  });
  return [
    '| principal | granted | used | unused | unknown | denied | proposal | reduction |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...rows,
  ];
}

/** Every heading one level down (outside code fences): a principal's report inside the fleet's. */
export function demoteHeadings(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const run = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === undefined && run !== undefined) fence = run;
      else if (fence !== undefined && run !== undefined && line.trim() === run) {
        // A closing fence: the same character, at least as long, and nothing after it.
        if (run[0] === fence[0] && run.length >= fence.length) fence = undefined;
      } else if (fence === undefined && /^#{1,5} /.test(line)) return `#${line}`;
      return line;
    })
    .join('\n');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
