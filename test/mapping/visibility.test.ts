import { NEVER_LOGGED, NOT_SUPPORTED_SERVICES } from '../../src/mapping/not-logged.js';
import { CROSS_SERVICE, type VisibilityKind } from '../../src/mapping/visibility.js';
import { catalogue, knowledge } from '../support/iam.js';

const kind = (action: string): VisibilityKind | undefined =>
  knowledge.visibility.actionVisibility(action)?.kind;

describe('how a trail shows the use of every catalogue action', () => {
  it('classifies every action, and leaves at most 3 % unknown to the data', () => {
    const counts = knowledge.visibility.counts();
    expect(counts.total).toBe(catalogue.allActions().length);
    expect(
      counts['management-event'] +
        counts['data-event'] +
        counts['never-logged'] +
        counts['permission-only'] +
        counts.unknown,
    ).toBe(counts.total);
    expect(counts.unknown / counts.total).toBeLessThanOrEqual(0.03);
    // Most of the catalogue is API operations CloudTrail logs.
    expect(counts['management-event'] / counts.total).toBeGreaterThan(0.8);
  });

  it('names the sources and versions the facts come from', () => {
    expect(knowledge.visibility.source).toMatch(
      /^aws-sdk 2\.1693\.0 \(apis\/\*\.min\.json\); botocore \d+\.\d+\.\d+ \(.*\); iam-floyd \d+\.\d+\.\d+ /,
    );
  });

  it.each([
    ['s3:PutAccessPointPolicy', 'management-event'],
    ['s3:CreateAccessGrant', 'management-event'],
    ['lambda:ListFunctions', 'management-event'],
    // Named differently from its operation (GetBucketAccelerateConfiguration): the operation map.
    ['s3:GetAccelerateConfiguration', 'management-event'],
    ['s3:GetObject', 'data-event'],
    ['s3:DeleteObjectVersion', 'data-event'],
    // Checked inside DeleteObject with the bypass header: an object-level (data-plane) check.
    ['s3:BypassGovernanceRetention', 'data-event'],
    ['logs:PutLogEvents', 'never-logged'],
    ['ssmmessages:OpenDataChannel', 'never-logged'],
    ['importexport:CreateJob', 'never-logged'],
    // Only an operation of a data-plane endpoint (bedrock-agent-runtime).
    ['bedrock:InvokeAgent', 'never-logged'],
    ['iam:PassRole', 'permission-only'],
    ['sts:TagSession', 'permission-only'],
  ])('%s is a %s', (action, expected) => {
    expect(kind(action)).toBe(expected);
  });

  it('gives a management event its event source and names', () => {
    expect(knowledge.visibility.actionVisibility('s3:GetAccelerateConfiguration')).toMatchObject({
      eventSource: 's3.amazonaws.com',
      eventNames: ['GetBucketAccelerateConfiguration'],
    });
    expect(knowledge.visibility.actionVisibility('cloudwatch:DescribeAlarms')).toMatchObject({
      eventSource: 'monitoring.amazonaws.com',
      // Its own operation first; other services' operations that need it after.
      eventNames: ['DescribeAlarms', 'resiliencehub:StartAppAssessment'],
    });
    expect(knowledge.visibility.actionVisibility('sts:TagSession')).toMatchObject({
      crossService: false,
    });
    expect(knowledge.visibility.actionVisibility('iam:PassRole')).toMatchObject({
      crossService: true,
    });
    expect(knowledge.visibility.actionVisibility('nosuch:Thing')).toBeUndefined();
  });

  it('gives a data event its direction', () => {
    expect(knowledge.visibility.actionVisibility('s3:GetObject')?.direction).toBe('read');
    expect(knowledge.visibility.actionVisibility('s3:PutObject')?.direction).toBe('write');
  });
});

describe('every service of the catalogue is supported, partly supported or not supported', () => {
  it('holds each service to one of the three, with its event source, non-logged APIs or reason', () => {
    const services = knowledge.visibility.allServiceSupport();
    expect(services.map((s) => s.service)).toEqual(catalogue.allServices());
    for (const s of services) {
      if (s.support === 'supported') {
        expect([s.service, s.eventSources.length > 0]).toEqual([s.service, true]);
        expect(s.eventSources.every((e) => /^[a-z0-9.-]+\.amazonaws\.com$/.test(e))).toBe(true);
      } else if (s.support === 'partly') {
        expect([s.service, s.eventSources.length > 0, s.neverLogged.length > 0]).toEqual([
          s.service,
          true,
          true,
        ]);
      } else {
        expect([s.service, s.reason]).toEqual([s.service, expect.stringMatching(/CloudTrail/)]);
        // Every action of a service CloudTrail does not record is never logged.
        for (const a of catalogue.serviceActions(s.service))
          expect([a, kind(a)]).toEqual([a, 'never-logged']);
      }
    }
    const count = (support: string): number => services.filter((s) => s.support === support).length;
    expect(count('supported')).toBeGreaterThan(300);
    expect(count('partly')).toBeGreaterThanOrEqual(10);
    expect(count('not-supported')).toBeGreaterThan(0);
  });

  it('supports the services a trail shows, with their event sources', () => {
    expect(knowledge.visibility.serviceSupport('s3')).toMatchObject({
      support: 'supported',
      eventSources: ['s3.amazonaws.com'],
    });
    expect(knowledge.visibility.serviceSupport('logs')).toMatchObject({ support: 'partly' });
    expect(knowledge.visibility.serviceSupport('logs').neverLogged).toContain('logs:PutLogEvents');
    expect(knowledge.visibility.serviceSupport('dynamodb').eventSources).toEqual(
      expect.arrayContaining(['dynamodb.amazonaws.com', 'streams.dynamodb.amazonaws.com']),
    );
    expect(knowledge.visibility.serviceSupport('importexport')).toMatchObject({
      support: 'not-supported',
    });
  });
});

describe('the hand-kept tables', () => {
  it('give every never-logged group an AWS documentation source, and name only catalogue actions', () => {
    for (const group of NEVER_LOGGED) {
      expect(group.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(group.why.length).toBeGreaterThan(10);
    }
    for (const group of CROSS_SERVICE) {
      expect(group.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(kind(group.action)).toBe('permission-only');
    }
    for (const service of Object.keys(NOT_SUPPORTED_SERVICES)) {
      expect([service, catalogue.serviceActions(service).length > 0]).toEqual([service, true]);
    }
  });
});

describe('the counts', () => {
  it('count each action in the class actionVisibility gives it', () => {
    const counts: Record<string, number> = {};
    for (const action of catalogue.allActions()) {
      const k = kind(action)!;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const { total, ...byKind } = knowledge.visibility.counts();
    expect(total).toBe(catalogue.allActions().length);
    expect(byKind).toEqual(counts);
  });
});
