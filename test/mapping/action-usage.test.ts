import { mapUsage } from '../../src/mapping/action-usage.js';
import type { EventUsage } from '../../src/activity/event-usage.js';

function event(
  eventSource: string,
  eventName: string,
  extra: Partial<EventUsage> = {},
): EventUsage {
  return {
    eventSource,
    eventName,
    denied: false,
    count: 1,
    firstSeen: '2026-10-02T00:00:00Z',
    lastSeen: '2026-10-03T00:00:00Z',
    regions: ['us-east-1'],
    accounts: ['111122223333'],
    dataEvent: false,
    sampleEventIds: ['e1'],
    ...extra,
  };
}

describe('mapUsage', () => {
  it('merges the events that map to one action and records how', () => {
    const { usage } = mapUsage([
      event('s3.amazonaws.com', 'ListObjects', { count: 2, regions: ['eu-west-1'] }),
      event('s3.amazonaws.com', 'ListObjectsV2', { count: 3, lastSeen: '2026-10-09T00:00:00Z' }),
      event('s3.amazonaws.com', 'HeadBucket', { count: 1, denied: true }),
    ]);
    expect(usage).toEqual([
      {
        action: 's3:ListBucket',
        count: 5,
        denied: 1,
        firstSeen: '2026-10-02T00:00:00Z',
        lastSeen: '2026-10-09T00:00:00Z',
        regions: ['eu-west-1', 'us-east-1'],
        accounts: ['111122223333'],
        events: [
          's3.amazonaws.com HeadBucket',
          's3.amazonaws.com ListObjects',
          's3.amazonaws.com ListObjectsV2',
        ],
        how: ['exception'],
        dataEvent: false,
        sampleEventIds: ['e1'],
      },
    ]);
  });

  it('maps one event to several actions', () => {
    const { usage } = mapUsage([event('kms.amazonaws.com', 'ReEncrypt', { count: 4 })]);
    expect(usage.map((u) => [u.action, u.count])).toEqual([
      ['kms:ReEncryptFrom', 4],
      ['kms:ReEncryptTo', 4],
    ]);
  });

  it('trusts the action a denial message names over the event name', () => {
    const { usage } = mapUsage([
      event('lambda.amazonaws.com', 'ListFunctions20150331', {
        denied: true,
        deniedAction: 'lambda:ListFunctions',
      }),
      event('lambda.amazonaws.com', 'ListFunctions20150331', {
        denied: true,
        deniedAction: 'lambda:NoSuchThing',
      }),
    ]);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({
      action: 'lambda:ListFunctions',
      count: 0,
      denied: 2,
      how: ['denial-message', 'same-name'],
    });
  });

  it('reports unmapped and permissionless events with counts, never drops them', () => {
    const result = mapUsage([
      event('sts.amazonaws.com', 'GetCallerIdentity', { count: 5 }),
      event('nosuchservice.amazonaws.com', 'DoThing', { count: 2 }),
      event('s3.amazonaws.com', 'NoSuchOperation', { count: 1 }),
    ]);
    expect(result.usage).toEqual([]);
    expect(result.permissionless.map((e) => [e.eventSource, e.eventName, e.count])).toEqual([
      ['sts.amazonaws.com', 'GetCallerIdentity', 5],
    ]);
    expect(result.unmapped.map((e) => [e.eventSource, e.eventName, e.count])).toEqual([
      ['nosuchservice.amazonaws.com', 'DoThing', 2],
      ['s3.amazonaws.com', 'NoSuchOperation', 1],
    ]);
    expect(result.unmapped[0]!.reason).toMatch(/not a known IAM service/);
  });
});
