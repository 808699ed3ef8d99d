/**
 * Every logged successful call stays allowed under a scoped proposal: the real records of
 * ../shared/data/cloudtrail, per caller, against AdministratorAccess narrowed to what each
 * caller used with `resource-scope` observed and account, each call (action and ARN) replayed
 * through the evaluator.
 */
import { EventUsageAggregator } from '../../src/activity/aggregate/event-usage.js';
import { callGroupOf, type ApiCallRecord } from '../../src/activity/scan/scan.js';
import { callResources } from '../../src/activity/scan/resources.js';
import type { CloudTrailRecord } from '../../src/activity/types.js';
import { classify, classifyContext } from '../../src/evaluate/classify.js';
import { evaluate } from '../../src/evaluate/evaluator.js';
import { propose } from '../../src/generate/proposal.js';
import { mapUsage } from '../../src/mapping/action-usage.js';
import type { CurrentPolicies } from '../../src/policies/types.js';
import {
  REAL_DATA_DIR,
  REAL_DATA_PRESENT,
  parseRecords,
  readText,
  realFiles,
} from '../support/real-records.js';
import { catalogue, knowledge } from '../support/iam.js';

if (!REAL_DATA_PRESENT) {
  console.warn(`scope-replay.test: ${REAL_DATA_DIR} is absent; skipping the real records.`);
}
const describeIfData = REAL_DATA_PRESENT ? describe : describe.skip;

/** The successful API calls of the real records, per caller (session issuer, else identity ARN). */
function callsByCaller(): Map<string, CloudTrailRecord[]> {
  const byCaller = new Map<string, CloudTrailRecord[]>();
  for (const file of realFiles()) {
    for (const raw of parseRecords(readText(file)) ?? []) {
      if (raw === null || typeof raw !== 'object') continue;
      const record = raw as CloudTrailRecord & { errorCode?: unknown };
      if (record.eventType !== 'AwsApiCall' || record.errorCode !== undefined) continue;
      if (typeof record.eventSource !== 'string' || typeof record.eventName !== 'string') continue;
      const caller =
        record.userIdentity?.sessionContext?.sessionIssuer?.arn ?? record.userIdentity?.arn;
      if (typeof caller !== 'string') continue;
      byCaller.set(caller, [...(byCaller.get(caller) ?? []), record]);
    }
  }
  return byCaller;
}

const ADMIN: CurrentPolicies = {
  policies: [
    {
      kind: 'managed',
      name: 'AdministratorAccess',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      },
    },
  ],
};

describeIfData('resource-scope on the real records', () => {
  // Callers with at least one ARN found: the others have nothing to scope (and the proof of a
  // narrowed AdministratorAccess takes a while).
  const callers = new Map<string, ReturnType<typeof mapUsage>>();
  for (const [caller, records] of REAL_DATA_PRESENT ? callsByCaller() : []) {
    const events = new EventUsageAggregator();
    for (const record of records) {
      // As the scan groups them (the replay's records all went through).
      const group = {
        ...callGroupOf(record as ApiCallRecord, caller),
        denied: false,
        deniedAction: null,
      };
      const eventID = typeof record.eventID === 'string' ? record.eventID : null;
      events.add(group, String(record.eventTime), eventID, callResources(record));
    }
    const mapped = mapUsage(knowledge, events.result());
    if (mapped.usage.some((u) => (u.resources?.length ?? 0) > 0)) callers.set(caller, mapped);
  }

  test.each(['observed', 'account'] as const)(
    '%s: every call of every caller stays allowed',
    (mode) => {
      let replayed = 0;
      let scopedProposals = 0;
      const refused: string[] = [];
      for (const [caller, mapped] of callers) {
        const classification = classify(
          knowledge,
          ADMIN,
          mapped.usage,
          classifyContext(knowledge, mapped),
        );
        const proposal = propose(catalogue, ADMIN, classification, mapped.usage, {
          unknown: 'drop',
          keepActions: [],
          withheldReasons: [],
          scope: { mode, maxArns: 10 },
        });
        expect([caller, proposal.status, proposal.reasons]).toEqual([caller, 'proposed', []]);
        if (proposal.notes.some((n) => n.includes('scoped to the resources'))) scopedProposals++;
        const proposed: CurrentPolicies = {
          policies: proposal.documents.map((document, i) => ({
            kind: 'file',
            name: `p${i}`,
            document,
          })),
        };
        for (const u of mapped.usage) {
          if (u.count === 0) continue;
          const arns = u.resources?.map((r) => r.arn) ?? [];
          for (const arn of arns.length > 0 ? arns : [undefined]) {
            replayed++;
            const decision = evaluate(catalogue, proposed, u.action, arn).decision;
            if (decision !== 'allowed')
              refused.push(`${caller}: ${u.action} on ${arn ?? '?'}: ${decision}`);
          }
        }
      }
      expect(refused).toEqual([]);
      console.log(
        `resource-scope ${mode}: ${replayed} (action, ARN) calls replayed over ${callers.size} callers; ${scopedProposals} proposals scoped`,
      );
      expect(callers.size).toBeGreaterThan(10);
      expect(replayed).toBeGreaterThan(300);
      expect(scopedProposals).toBeGreaterThan(5);
    },
  );
});
