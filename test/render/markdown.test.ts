import { renderMarkdown } from '../../src/render/markdown.js';
import { renderJson } from '../../src/render/json.js';
import { code, escapeMarkdown } from '../../src/render/escape.js';
import type { Report } from '../../src/report.js';

function report(overrides: Partial<Report> = {}): Report {
  return {
    tool: { name: 'iam-policy-drift', version: '0', catalogue: 'x' },
    role: 'arn:aws:iam::111122223333:role/r',
    issuers: [],
    window: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', days: 31 },
    source: 'logs',
    coverage: {
      filesListed: 2,
      filesRead: 1,
      filesFailed: 1,
      bytesRead: 10,
      recordsRead: 5,
      recordsMatched: 1,
      duplicateRecords: 0,
      recordsOutsideWindow: 0,
      recordsNotApiCalls: 0,
      complete: false,
      problems: [{ kind: 'file-failed', object: 'a|b.json', message: 'truncated or invalid JSON' }],
    },
    usage: [],
    unmapped: [{ eventSource: 'x.amazonaws.com', eventName: 'Do`Thing', count: 2, reason: 'r' }],
    permissionless: [],
    currentPolicies: [],
    granted: [],
    proposedPolicy: { Version: '2012-10-17', Statement: [] },
    diff: { used: [], unused: [], denied: [], notGranted: [] },
    unknownPatterns: [],
    notEvaluated: [],
    ...overrides,
  };
}

describe('renderMarkdown', () => {
  it('warns when coverage is incomplete and lists the problems', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('Coverage is incomplete');
    expect(md).toContain('`a¦b.json`: truncated or invalid JSON');
    expect(md).toContain('| `x.amazonaws.com` | `DoˋThing` | 2 |');
  });

  it('does not warn when coverage is complete', () => {
    const complete = report();
    complete.coverage = { ...complete.coverage, complete: true, problems: [] };
    expect(renderMarkdown(complete)).not.toContain('Coverage is incomplete');
  });

  it('is deterministic', () => {
    expect(renderMarkdown(report())).toBe(renderMarkdown(report()));
    expect(renderJson(report())).toBe(renderJson(report()));
  });
});

describe('escaping', () => {
  it('neutralises markdown, HTML and mentions', () => {
    expect(escapeMarkdown('<img src=x> @octocat [a](b) *x* |')).toBe(
      '\\<img src=x\\> @\u200boctocat \\[a\\]\\(b\\) \\*x\\* \\|',
    );
    expect(code('a`b|c\nd')).toBe('`aˋb¦c d`');
  });
});
