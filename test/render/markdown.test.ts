import { renderMarkdown } from '../../src/render/markdown.js';
import { renderJson } from '../../src/render/json.js';
import { code, escapeMarkdown, fence } from '../../src/render/escape.js';
import type { Report } from '../../src/report.js';
import type { ProposalAllows } from '../../src/generate/proposal.js';

const allows: ProposalAllows = {
  actions: 3,
  used: 1,
  unknown: 1,
  unknownByReason: { 'permission-only-cross-service': 1 },
  keptOtherwise: 1,
  droppedUnknownByReason: {},
  unknownMode: 'called-services',
};

function report(overrides: Partial<Report> = {}): Report {
  return {
    tool: {
      name: 'iam-policy-drift',
      version: '0',
      catalogue: 'x',
      visibility: {
        total: 5,
        'management-event': 1,
        'data-event': 1,
        'never-logged': 1,
        'permission-only': 1,
        unknown: 1,
        sources: 'y',
      },
    },
    principal: 'arn:aws:iam::111122223333:role/r',
    principalType: 'role',
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
      recordsNotDeduplicated: 0,
      recordsOutsideWindow: 0,
      recordsWithoutTime: 0,
      recordsNotApiCalls: 0,
      complete: false,
      problems: [{ kind: 'file-failed', object: 'a|b.json', message: 'truncated or invalid JSON' }],
      days: [],
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
          reason: 'not-seen',
          detail: 'logged as the management event AttachRolePolicy; the role made no such call',
          accessLevel: 'Permissions management',
          risk: true,
          grantedBy: ['p.json'],
          decision: 'allowed',
        },
      ],
      unknown: [
        {
          action: 'iam:PassRole',
          reason: 'permission-only-cross-service',
          detail: 'no API of its own',
          accessLevel: 'Write',
          risk: true,
          grantedBy: ['p.json'],
        },
      ],
      denied: [],
      notGranted: [],
    },
    proposal: {
      status: 'withheld',
      reasons: ['coverage is incomplete (1 problem)'],
      removed: [],
      sizes: [10],
      notes: [],
      allows,
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
    command: "node dist/cli/index.js --role r --logs 'a b'",
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
    expect(md).toMatch(/```mermaid\n%%\{init: .*\}%%\nxychart-beta\n/);
    expect(md).toContain(
      '| `iam:AttachRolePolicy` | Permissions management | ⚠️ privilege escalation | `p.json` |',
    );
    expect(md).toContain(
      '| permissions with no API of their own, checked when calls of other services hand over a role or a connection | 1 | yes | `iam:PassRole` |',
    );
    expect(md).toContain(
      "**Nothing is proposed; today's policies allow 3 actions**: 1 used, 1 whose use the trail cannot show, 1 not used.",
    );
    expect(md).toContain(
      "In a clone of the iam-policy-drift repository (the package is not published to npm; the CLI is bundled in `dist/cli/index.js`), with AWS credentials that can read the trail:\n\n```sh\nnode dist/cli/index.js --role r --logs 'a b'\n```",
    );
  });

  it('charts used, unused and unknown per service, most unused first', () => {
    const byService = [
      { service: 's3', granted: 20, used: 5, unused: 3, unknown: 2, denied: 0 },
      { service: 'kms', granted: 9, used: 1, unused: 8, unknown: 0, denied: 0 },
      { service: 'sqs', granted: 4, used: 4, unused: 0, unknown: 0, denied: 1 },
    ];
    const charted = renderMarkdown(report({ figures: { ...report().figures, byService } }));
    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(charted)?.[1]?.split('\n') ?? [];
    expect(mermaid).toContain('xychart-beta');
    expect(mermaid).toContain('  x-axis ["kms", "s3", "sqs"]');
    expect(mermaid).toContain('  y-axis "actions" 0 --> 10');
    // Stacked: used + unused + unknown, used + unused, used.
    expect(mermaid.filter((line) => line.startsWith('  bar '))).toEqual([
      '  bar [9, 10, 4]',
      '  bar [9, 8, 4]',
      '  bar [1, 5, 4]',
    ]);
    expect(mermaid.join('\n')).toMatch(/used.*unused.*unknown/);
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
          allows,
        },
      }),
    );
    expect(proposed).toContain('**Proposed:** remove 1 action;');
    expect(proposed).toContain('```diff\n- iam:AttachRolePolicy\n```');
  });

  it('caps long lists with the number left out, inside their blocks', () => {
    const removed = Array.from({ length: 500 }, (_, i) => `s3:Action${String(i).padStart(3, '0')}`);
    const many = renderMarkdown(
      report({
        proposal: { status: 'proposed', reasons: [], removed, sizes: [10], notes: [], allows },
        unmapped: Array.from({ length: 70 }, (_, i) => ({
          eventSource: 'x.amazonaws.com',
          eventName: `E${i}`,
          count: 1,
          reason: 'r',
        })),
      }),
    );
    const diff = /```diff\n([^`]*)\n```\n\n(.*)\n\n<\/details>/.exec(many);
    expect(diff?.[1]?.split('\n')).toEqual(removed.slice(0, 100).map((a) => `- ${a}`));
    expect(diff?.[2]).toBe('…and 400 more (see the JSON report).');
    expect(many).toContain('<summary>Diff: 500 actions removed</summary>');
    expect(many).toContain('| `x.amazonaws.com` | `E49` | 1 |');
    expect(many).not.toContain('`E50`');
    expect(many).toContain('…and 20 more (see the JSON report).');
  });

  it('says loudly when the proposal is split, and not when it is one document', () => {
    const part = (action: string) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow' as const, Action: action, Resource: '*' }],
    });
    const split = renderMarkdown(
      report({
        proposedPolicies: [part('s3:GetObject'), part('s3:PutObject'), part('sqs:SendMessage')],
        proposal: {
          status: 'proposed',
          reasons: [],
          removed: [],
          sizes: [10, 20, 30],
          notes: [],
          allows,
        },
      }),
    );
    const section = split.slice(split.indexOf('### Proposed policy'));
    expect(section).toMatch(
      /^### Proposed policy\n\n> \[!IMPORTANT\]\n> \*\*The proposal is split into 3 policies\*\*/,
    );
    expect(section).toContain('Attach all 3');
    expect(section).toContain('`proposed-policies`');
    expect(section).toContain('Policy 3 of 3 (30 characters)');
    expect(section).toContain('"sqs:SendMessage"');
    expect(md).not.toContain('[!IMPORTANT]');
    expect(md).not.toContain('split into');
  });

  it('writes counts of one in the singular', () => {
    const one = renderMarkdown(
      report({
        currentPolicies: [],
        usage: [
          {
            action: 's3:GetObject',
            count: 3,
            denied: 0,
            firstSeen: 't',
            lastSeen: 't',
            regions: ['eu-west-1'],
            accounts: ['111122223333'],
            events: ['s3.amazonaws.com GetObject'],
            how: ['same-name'],
            dataEvent: true,
            sampleEventIds: [],
          },
        ],
        proposal: {
          status: 'proposed',
          reasons: [],
          removed: ['iam:AttachRolePolicy'],
          sizes: [10],
          notes: [],
          allows,
        },
      }),
    );
    expect(one).toContain('**1 action used**');
    expect(one).toContain('1 event not mapped');
    expect(one).toContain('<summary>1 action used</summary>');
    expect(one).toContain('<summary>Diff: 1 action removed</summary>');
    expect(one).not.toMatch(/\b1 (actions|events)\b/);
  });

  it('marks actions inferred from request parameters, with the parameters', () => {
    const md = renderMarkdown(
      report({
        usage: [
          {
            action: 'iam:PassRole',
            count: 2,
            denied: 0,
            firstSeen: 't',
            lastSeen: 't',
            regions: ['us-east-1'],
            accounts: ['111122223333'],
            events: ['lambda.amazonaws.com CreateFunction20150331'],
            how: ['operation-map', 'parameter'],
            parameters: ['role arn:aws:iam::111122223333:role/fn'],
            dataEvent: false,
            sampleEventIds: [],
          },
        ],
      }),
    );
    expect(md).toContain(
      '| `iam:PassRole` | 2 | t | us-east-1 | `CreateFunction20150331` (inferred from the request: `role arn:aws:iam::111122223333:role/fn`) |',
    );
  });

  it('says when call counts may include duplicates, and only then', () => {
    const base = report();
    expect(renderMarkdown(base)).not.toContain('read before whose event IDs');
    const md = renderMarkdown(
      report({ coverage: { ...base.coverage, recordsNotDeduplicated: 3 } }),
    );
    expect(md).toContain(
      "3 of the role's calls were of an account, region and hour read before whose event IDs were no longer kept",
    );
  });

  it('lists the actions used but not granted by the policies (diff.notGranted), only when there are some', () => {
    const base = report();
    expect(renderMarkdown(base)).not.toContain('Used but not granted');
    const md = renderMarkdown(
      report({
        diff: {
          ...base.diff,
          notGranted: [
            { action: 'iam:PassRole', count: 1, currentDecision: 'implicitly-denied' },
            { action: 's3:GetObject', count: 4, currentDecision: 'implicitly-denied' },
          ],
        },
      }),
    );
    expect(md).toContain('### Used but not granted by these policies');
    expect(md).toContain('`iam:PassRole`, `s3:GetObject`');
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

  it('turns every line break (a lone CR too) into a space, and NUL into U+FFFD', () => {
    for (const br of ['\r', '\n', '\r\n', '\u0085', '\u2028', '\u2029']) {
      expect(code(`a${br}b`)).toBe('`a b`');
      expect(escapeMarkdown(`a${br}<b>`)).toBe('a \\<b\\>');
    }
    expect(code('a\0b')).toBe('`a\uFFFDb`');
    expect(escapeMarkdown('fixes #123')).toBe('fixes #\u200b123');
  });

  it('breaks what GitHub would link on its own', () => {
    expect(escapeMarkdown('see https://evil.example/x and WWW.evil.example')).toBe(
      'see https:\u200b//evil.example/x and WWW\u200b.evil.example',
    );
    expect(escapeMarkdown('GH-12, gh-3, octo/repo#4, GH-x')).toBe(
      'GH\u200b-12, gh\u200b-3, octo/repo#\u200b4, GH-x',
    );
    // ARNs and actions are left as they read.
    expect(escapeMarkdown('arn:aws:s3:::bucket/key s3:GetObject')).toBe(
      'arn:aws:s3:::bucket/key s3:GetObject',
    );
  });

  it('shows bidirectional controls by name, so they cannot reorder what a reviewer reads', () => {
    const evil = 'role/\u202Enimda\u202C x\u2066y\u2069 \u200F\u200E\u061C';
    const shown = 'role/[U+202E]nimda[U+202C] x[U+2066]y[U+2069] [U+200F][U+200E][U+061C]';
    expect(code(evil)).toBe(`\`${shown}\``);
    expect(escapeMarkdown(evil)).toBe(shown.replace(/\[/g, '\\[').replace(/\]/g, '\\]'));
    expect(fence(`{"Sid": "${evil}"}`, 'json')).toBe(`\`\`\`json\n{"Sid": "${shown}"}\n\`\`\``);
    const md = renderMarkdown(
      report({
        unmapped: [{ eventSource: 'x.amazonaws.com', eventName: evil, count: 2, reason: 'r' }],
      }),
    );
    expect(md).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });

  it('keeps an event name with a lone CR inside its table row', () => {
    const evil = 'X\r<img src=x onerror=alert(1)> @octocat [link](https://evil.example) #1';
    const md = renderMarkdown(
      report({
        unmapped: [{ eventSource: 'x.amazonaws.com', eventName: evil, count: 2, reason: 'r' }],
      }),
    );
    expect(md).not.toMatch(/[\r\u0085\u2028\u2029]/);
    const row = md.split('\n').find((line) => line.startsWith('| `x.amazonaws.com`'));
    expect(row).toBe(
      '| `x.amazonaws.com` | `X <img src=x onerror=alert(1)> @octocat [link](https://evil.example) #1` | 2 |',
    );
  });
});
