import { fleetReportOf, principalReport } from '../src/report.js';
import type { Report } from '../src/report.js';
import type { CoverageProblem } from '../src/activity/types.js';

const day = (d: string): CoverageProblem => ({
  kind: 'missing-day',
  object: `AWSLogs/1/CloudTrail/us-east-1/${d}/`,
  message: 'no file',
});

/** The parts of a report the fleet's assembly reads. */
function report(principal: string, problems: CoverageProblem[], removed: string[]): Report {
  return {
    tool: { name: 'iam-policy-drift', version: '0', catalogue: 'c', visibility: {} },
    principal,
    principalType: 'role',
    window: { from: 'a', to: 'b', days: 1 },
    source: 'logs',
    coverage: {
      filesListed: 3,
      filesRead: 2,
      filesFailed: 1,
      bytesRead: 10,
      recordsRead: 5,
      recordsMatched: removed.length,
      complete: problems.length === 0,
      problems,
      days: [
        { account: '1', region: 'us-east-1', day: '2026-10-01', found: 3, read: 2, failed: 1 },
      ],
    },
    figures: { granted: 10, used: 2, unused: 7, unknown: 1, denied: 0 },
    proposal: { status: removed.length > 0 ? 'proposed' : 'withheld', removed },
    command: 'node dist/cli/index.js',
  } as unknown as Report;
}

describe('fleetReportOf', () => {
  // Thousands of problems each, as a year's window over a sparse trail has.
  const shared = Array.from({ length: 3000 }, (_, i) => day(`2025/${String(i).padStart(4, '0')}`));
  const own: CoverageProblem = { kind: 'record-without-time', object: 'f.json', message: 'x' };
  const reports = [
    report('a', [...shared, own], ['s3:PutObject']),
    report('b', shared, []),
    report('c', [...shared.slice(0, 10)], ['s3:GetObject', 'sqs:SendMessage']),
  ];

  it('sums the figures, counts the statuses, keeps only the problems all share', () => {
    const fleet = fleetReportOf(reports, [{ principal: 'x', reason: 'y' }]);
    expect(fleet.fleet).toEqual({
      principals: 3,
      granted: 30,
      used: 6,
      unused: 21,
      unknown: 3,
      denied: 0,
      removed: 3,
      statuses: { proposed: 2, withheld: 1 },
    });
    expect(fleet.coverage.problems).toEqual(shared.slice(0, 10));
    expect(fleet.coverage.complete).toBe(false);
    expect(fleet.coverage).toMatchObject({ filesListed: 3, filesRead: 2, recordsRead: 5 });
    expect(fleet.leftOut).toEqual([{ principal: 'x', reason: 'y' }]);
    expect(fleet.principals.map((p) => p.principal)).toEqual(['a', 'b', 'c']);
    expect('days' in fleet.principals[0]!.coverage).toBe(false);
    expect('tool' in fleet.principals[0]!).toBe(false);
  });

  it('gives each principal its whole report back', () => {
    const fleet = fleetReportOf(reports);
    expect(principalReport(fleet, 2)).toEqual(reports[2]);
  });
});
