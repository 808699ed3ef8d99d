import { mapUsage } from '../../src/mapping/action-usage.js';
import type { EventUsage } from '../../src/activity/aggregate/event-usage.js';
import { knowledge } from '../support/iam.js';

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
    const { usage } = mapUsage(knowledge, [
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
    const { usage } = mapUsage(knowledge, [event('kms.amazonaws.com', 'ReEncrypt', { count: 4 })]);
    expect(usage.map((u) => [u.action, u.count])).toEqual([
      ['kms:ReEncryptFrom', 4],
      ['kms:ReEncryptTo', 4],
    ]);
  });

  it('trusts the action a denial message names over the event name', () => {
    const { usage } = mapUsage(knowledge, [
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
    const result = mapUsage(knowledge, [
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

describe('mapUsage: actions the request parameters imply', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/service/fn-exec';

  it('uses the version action for an S3 object call on a version, besides the plain one', () => {
    const { usage } = mapUsage(knowledge, [
      event('s3.amazonaws.com', 'GetObject', { facts: ['versionId'], dataEvent: true, count: 4 }),
    ]);
    expect(usage.map((u) => [u.action, u.count, u.how, u.parameters, u.dataEvent])).toEqual([
      ['s3:GetObject', 4, ['same-name'], undefined, true],
      ['s3:GetObjectVersion', 4, ['parameter'], ['versionId'], true],
    ]);
  });

  it('infers iam:PassRole from a role handed to another service, with the event and the role', () => {
    // A service the operation map knows nothing of passing a role.
    const alone = mapUsage(knowledge, [
      event('bedrock-agentcore.amazonaws.com', 'CreateAgentRuntime', { facts: [`role ${ROLE}`] }),
    ]).usage.find((u) => u.action === 'iam:PassRole');
    expect(alone).toMatchObject({ count: 1, how: ['parameter'], parameters: [`role ${ROLE}`] });
    // Two roles handed over in one call: one use of iam:PassRole, both roles named.
    const two = mapUsage(knowledge, [
      event('bedrock-agentcore.amazonaws.com', 'CreateAgentRuntime', {
        facts: [`role ${ROLE}`, 'role arn:aws:iam::111122223333:role/other'],
        count: 3,
      }),
    ]).usage.find((u) => u.action === 'iam:PassRole');
    expect(two).toMatchObject({
      count: 3,
      parameters: ['role arn:aws:iam::111122223333:role/other', `role ${ROLE}`],
    });
    const { usage } = mapUsage(knowledge, [
      event('lambda.amazonaws.com', 'CreateFunction20150331', { facts: [`role ${ROLE}`] }),
      event('ec2.amazonaws.com', 'RunInstances', { facts: ['instance-profile web'] }),
    ]);
    // The operation map already names iam:PassRole for both: the parameters are the evidence
    // (each call counted once), and the role passed is named.
    const passRole = usage.find((u) => u.action === 'iam:PassRole');
    expect(passRole).toMatchObject({
      count: 2,
      how: ['operation-map', 'parameter'],
      parameters: ['instance-profile web', `role ${ROLE}`],
      events: ['ec2.amazonaws.com RunInstances', 'lambda.amazonaws.com CreateFunction20150331'],
    });
  });

  it('implies the ACL, tagging and governance-bypass actions only for the calls that take them', () => {
    const { usage } = mapUsage(knowledge, [
      event('s3.amazonaws.com', 'PutObject', { facts: ['acl', 'tagging'] }),
      event('s3.amazonaws.com', 'CreateBucket', { facts: ['acl'] }),
      event('s3.amazonaws.com', 'DeleteObject', { facts: ['bypass-governance'] }),
      // Facts a call does not take imply nothing.
      event('s3.amazonaws.com', 'GetBucketAcl', { facts: ['tagging', 'versionId'] }),
    ]);
    const implied = usage.filter((u) => u.how.includes('parameter')).map((u) => u.action);
    expect(implied).toEqual([
      's3:BypassGovernanceRetention',
      's3:PutBucketAcl',
      's3:PutObjectAcl',
      's3:PutObjectTagging',
    ]);
  });

  it('implies nothing for a denied call: the denial does not say which check refused it', () => {
    const { usage } = mapUsage(knowledge, [
      event('lambda.amazonaws.com', 'CreateFunction20150331', {
        denied: true,
        facts: [`role ${ROLE}`],
      }),
    ]);
    expect(usage.map((u) => [u.action, u.count, u.denied, u.how])).toEqual([
      ['iam:PassRole', 0, 1, ['operation-map']],
      ['lambda:CreateFunction', 0, 1, ['operation-map']],
    ]);
  });
});
