import type { Report } from '../report.js';
import { code, escapeMarkdown } from './escape.js';
import { formatPolicy } from '../generate/policy.js';

const MAX_ROWS = 50;

/** The human report: headline, coverage, per-service table, details, proposed policy. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const { coverage, diff } = report;
  const grantedCount = report.granted.length;
  out.push(`## IAM policy drift for ${code(report.role)}`, '');

  const usedCount = report.usage.filter((u) => u.count > 0).length;
  const headline: string[] = [];
  if (report.currentPolicies.length > 0) {
    const reduction =
      grantedCount === 0 ? 0 : Math.round((diff.unused.length * 1000) / grantedCount) / 10;
    headline.push(
      `**${diff.unused.length} of ${grantedCount} granted actions were not used** (${reduction}% fewer)`,
    );
  }
  headline.push(`${usedCount} actions used`);
  if (diff.denied.length > 0) headline.push(`${diff.denied.length} denied`);
  if (report.unmapped.length > 0) headline.push(`${report.unmapped.length} events not mapped`);
  out.push(headline.join(' · '), '');
  out.push(
    `Window ${report.window.from} → ${report.window.to} (${report.window.days} days), ` +
      `${coverage.filesRead} of ${coverage.filesListed} log files read from ${code(report.source)}.`,
    '',
  );
  if (!coverage.complete) {
    out.push(
      '> [!WARNING]',
      '> Coverage is incomplete: some activity may not have been seen, so actions listed as not used may have been used. Do not remove permissions on the strength of this report until the problems below are fixed.',
      '',
    );
  }

  if (report.currentPolicies.length > 0) {
    out.push(
      '### By service',
      '',
      '| service | granted | used | not used | denied |',
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const row of serviceRows(report)) {
      out.push(
        `| ${code(row.service)} | ${row.granted} | ${row.used} | ${row.unused} | ${row.denied} |`,
      );
    }
    out.push('');
  }

  out.push('### Used actions', '');
  const used = report.usage.filter((u) => u.count > 0);
  if (used.length === 0) out.push('No action of this role was seen succeeding in the window.', '');
  else {
    out.push(
      '| action | calls | last seen | regions | from events |',
      '| --- | ---: | --- | --- | --- |',
    );
    for (const u of used.slice(0, MAX_ROWS)) {
      const events = u.events.map((e) => code(e.split(' ')[1] ?? e)).join(', ');
      out.push(
        `| ${code(u.action)} | ${u.count} | ${u.lastSeen} | ${u.regions.map(escapeMarkdown).join(', ')} | ${events} |`,
      );
    }
    more(out, used.length);
    out.push('');
  }

  if (diff.denied.length > 0) {
    out.push(
      '### Denied calls',
      '',
      'Refused by authorization; not part of the proposed policy.',
      '',
    );
    out.push('| action | denied | last seen |', '| --- | ---: | --- |');
    for (const u of report.usage.filter((x) => x.denied > 0)) {
      out.push(`| ${code(u.action)} | ${u.denied} | ${u.lastSeen} |`);
    }
    out.push('');
  }

  if (report.currentPolicies.length > 0) {
    out.push('### Granted but not used', '');
    if (diff.unused.length === 0) out.push('Every granted action was used.', '');
    else {
      const groups = groupByService(diff.unused);
      out.push(
        `<details><summary>${diff.unused.length} actions in ${groups.size} services</summary>`,
        '',
      );
      for (const [service, actions] of groups) {
        const names = actions.slice(0, MAX_ROWS).map((a) => code(a.slice(service.length + 1)));
        const rest = actions.length > MAX_ROWS ? `, …and ${actions.length - MAX_ROWS} more` : '';
        out.push(`- ${code(service)} (${actions.length}): ${names.join(', ')}${rest}`);
      }
      out.push('', '</details>', '');
    }
    if (diff.notGranted.length > 0) {
      out.push(
        '### Used but not granted by the given policies',
        '',
        diff.notGranted.map(code).join(', '),
        '',
      );
    }
  }

  if (report.unmapped.length > 0) {
    out.push(
      '### Events not mapped to an action',
      '',
      '| event source | event name | calls |',
      '| --- | --- | ---: |',
    );
    for (const e of report.unmapped)
      out.push(`| ${code(e.eventSource)} | ${code(e.eventName)} | ${e.count} |`);
    out.push('');
  }

  const notes = [
    ...report.notEvaluated.map(
      (n) => `${code(n.policy)}${n.sid ? ` ${code(n.sid)}` : ''}: ${escapeMarkdown(n.reason)}`,
    ),
    ...report.unknownPatterns.map(
      (p) => `${code(p.policy)}: ${code(p.pattern)} names no action in the IAM catalogue`,
    ),
  ];
  if (notes.length > 0) {
    out.push('### Not evaluated', '', ...notes.map((n) => `- ${n}`), '');
  }

  out.push('### Coverage', '');
  out.push(
    `| files listed | read | failed | records read | role's API calls | duplicates | outside window |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${coverage.filesListed} | ${coverage.filesRead} | ${coverage.filesFailed} | ${coverage.recordsRead} | ${coverage.recordsMatched} | ${coverage.duplicateRecords} | ${coverage.recordsOutsideWindow} |`,
    '',
  );
  if (coverage.problems.length > 0) {
    for (const p of coverage.problems.slice(0, 20)) {
      out.push(
        `- ${p.object !== undefined ? `${code(p.object)}: ` : ''}${escapeMarkdown(p.message)}`,
      );
    }
    more(out, coverage.problems.length, 20);
    out.push('');
  }

  out.push(
    '### Proposed policy',
    '',
    '<details><summary>Least-privilege policy for the actions used</summary>',
    '',
  );
  out.push('```json', formatPolicy(report.proposedPolicy).trimEnd(), '```', '', '</details>', '');
  return `${out.join('\n').trimEnd()}\n`;
}

function more(out: string[], total: number, shown = MAX_ROWS): void {
  if (total > shown) out.push(`…and ${total - shown} more (see the JSON report).`);
}

function groupByService(actions: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const service = action.slice(0, action.indexOf(':'));
    const list = groups.get(service);
    if (list) list.push(action);
    else groups.set(service, [action]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface ServiceRow {
  service: string;
  granted: number;
  used: number;
  unused: number;
  denied: number;
}

function serviceRows(report: Report): ServiceRow[] {
  const rows = new Map<string, ServiceRow>();
  const row = (action: string): ServiceRow => {
    const service = action.slice(0, action.indexOf(':'));
    let r = rows.get(service);
    if (!r) rows.set(service, (r = { service, granted: 0, used: 0, unused: 0, denied: 0 }));
    return r;
  };
  for (const g of report.granted) row(g.action).granted++;
  for (const a of report.diff.used) row(a).used++;
  for (const a of report.diff.unused) row(a).unused++;
  for (const a of report.diff.denied) row(a).denied++;
  return [...rows.values()].sort((a, b) =>
    a.service < b.service ? -1 : a.service > b.service ? 1 : 0,
  );
}
