import { renderMarkdown } from '../../src/render/markdown.js';
import { renderJson } from '../../src/render/json.js';
import { code, escapeMarkdown, fence } from '../../src/render/escape.js';
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
    currentPolicies: [{ kind: 'file', name: 'p.json' }],
    figures: {
      granted: 3,
      used: 1,
      unused: 1,
      unknown: 1,
      denied: 0,
      reductionPercent: 33.3,
      byService: [{ service: 'iam', granted: 3, used: 1, unused: 1, unknown: 1, denied: 0 }],
    },
    diff: {
      used: [
        {
          action: 'iam:GetRole',
          count: 2,
          lastSeen: 't',
          grantedBy: ['p.json'],
          decision: 'allowed',
          sampleEventIds: [],
        },
      ],
      unused: [
        {
          action: 'iam:AttachRolePolicy',
          accessLevel: 'Permissions management',
          risk: true,
          grantedBy: ['p.json'],
          decision: 'allowed',
        },
      ],
      unknown: [
        {
          action: 'iam:PassRole',
          reason: 'never-logged',
          detail: 'never logged',
          accessLevel: 'Write',
          risk: true,
          grantedBy: ['p.json'],
        },
      ],
      denied: [],
    },
    notGranted: [],
    proposal: {
      status: 'withheld',
      reasons: ['coverage is incomplete (1 problem)'],
      removed: [],
      sizes: [10],
      notes: [],
    },
    proposedPolicy: { Version: '2012-10-17', Statement: [] },
    proposedPolicies: [
      {
        Version: '2012-10-17',
        Statement: [{ Sid: 'A```B', Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }],
      },
    ],
    unknownPatterns: [],
    notEvaluated: ['SCPs'],
    command: "npx iam-policy-drift --role r --logs 'a b'",
    ...overrides,
  };
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(report());

  it('withholds removals when coverage is incomplete and lists the problems', () => {
    expect(md).toContain('**No removal is proposed.**');
    expect(md).toContain('> - coverage is incomplete (1 problem)');
    expect(md).toContain('`a¦b.json`: truncated or invalid JSON');
    expect(md).toContain('| `x.amazonaws.com` | `DoˋThing` | 2 |');
  });

  it('shows headline figures, the per-service table, the chart, risks and unknowns', () => {
    expect(md).toContain(
      '**1 of 3 granted actions were not used** (33.3%) · 1 used · 1 unknown · ⚠️ 1 unused privilege-escalation action',
    );
    expect(md).toContain('| `iam` | 3 | 1 | 1 | 1 | 0 |');
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain(
      '| `iam:AttachRolePolicy` | Permissions management | ⚠️ privilege escalation | `p.json` |',
    );
    expect(md).toContain('- 1 action: never logged. `iam:PassRole`');
    expect(md).toContain("npx iam-policy-drift --role r --logs 'a b'");
  });

  it('keeps policy text inside a fence it cannot close', () => {
    expect(md).toContain('````json\n{');
    expect(md).toContain('"Sid": "A```B"');
  });

  it('announces a proposal with the number of removals and a diff', () => {
    const proposed = renderMarkdown(
      report({
        proposal: {
          status: 'proposed',
          reasons: [],
          removed: ['iam:AttachRolePolicy'],
          sizes: [10],
          notes: [],
        },
      }),
    );
    expect(proposed).toContain('**Proposed:** remove 1 action;');
    expect(proposed).toContain('```diff\n- iam:AttachRolePolicy\n```');
  });

  it('is deterministic', () => {
    expect(renderMarkdown(report())).toBe(renderMarkdown(report()));
    expect(renderJson(report())).toBe(renderJson(report()));
  });
});

describe('escaping', () => {
  it('neutralises markdown, HTML and mentions', () => {
    expect(escapeMarkdown('<img src=x> @octocat [a](b) *x* |')).toBe(
      '\\<img src=x\\> @\u200boctocat \\[a\\](b) \\*x\\* \\|',
    );
    expect(code('a`b|c\nd')).toBe('`aˋb¦c d`');
    expect(fence('x ```` y', 'sh')).toBe('`````sh\nx ```` y\n`````');
  });
});
