/**
 * Maps every real CloudTrail record in ../shared/data/cloudtrail (third-party data, present in
 * CI, absent from a user's clone: then the suite is skipped with a message). Asserts that no
 * emitted action is missing from the catalogue, and that the mapped share stays above a floor.
 */
import path from 'node:path';
import { deniedActionIn } from '../../src/activity/principal.js';
import { type EventMapping } from '../../src/mapping/map-event.js';
import {
  REAL_DATA_DIR as dataDir,
  REAL_DATA_PRESENT as present,
  parseRecords,
  readText,
  realFiles as files,
} from '../support/real-records.js';
import { catalogue, knowledge } from '../support/iam.js';

// Measured on the shared data (3,670 AwsApiCall records, 385 distinct pairs): 99.97 % of
// records and 99.74 % of pairs map (only macie.amazonaws.com UpdateMacieSession, from a
// hand-edited test event, does not). The floors sit a few points below.
const RECORD_FLOOR = 0.97;
const PAIR_FLOOR = 0.96;

interface ApiRecord {
  eventSource: string;
  eventName: string;
  errorMessage: string;
  file: string;
}

function loadApiCalls(): { records: ApiRecord[]; skipped: string[] } {
  const records: ApiRecord[] = [];
  const skipped: string[] = [];
  for (const file of files(dataDir)) {
    const parsed = parseRecords(readText(file));
    if (parsed === undefined) {
      skipped.push(path.relative(dataDir, file));
      continue;
    }
    for (const r of parsed) {
      if (r === null || typeof r !== 'object') continue;
      const { eventType, eventSource, eventName, errorMessage } = r as Record<string, unknown>;
      if (eventType !== 'AwsApiCall') continue;
      records.push({
        eventSource: typeof eventSource === 'string' ? eventSource : '',
        eventName: typeof eventName === 'string' ? eventName : '',
        errorMessage: typeof errorMessage === 'string' ? errorMessage : '',
        file: path.relative(dataDir, file),
      });
    }
  }
  return { records, skipped };
}

const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(2)} %`;

if (!present) {
  console.warn(`real-records.test: ${dataDir} is absent; skipping the real CloudTrail records.`);
}
const describeIfData = present ? describe : describe.skip;

describeIfData('mapping real CloudTrail records', () => {
  const { records, skipped } = present ? loadApiCalls() : { records: [], skipped: [] };
  const pairs = new Map<string, { source: string; name: string; count: number }>();
  for (const r of records) {
    const key = `${r.eventSource} ${r.eventName}`;
    const pair = pairs.get(key) ?? { source: r.eventSource, name: r.eventName, count: 0 };
    pair.count++;
    pairs.set(key, pair);
  }
  const mappings = new Map<string, EventMapping>();
  for (const [key, { source, name }] of pairs)
    mappings.set(key, knowledge.events.mapEvent(source, name));

  test('finds the records', () => {
    expect(records.length).toBeGreaterThan(1000);
    for (const f of skipped) expect(path.basename(f)).toMatch(/^(LICENSE|README)/);
  });

  test('never emits an action missing from the catalogue', () => {
    const bad: string[] = [];
    for (const [key, m] of mappings) {
      if (m.kind !== 'actions') continue;
      if (m.actions.length === 0) bad.push(`${key}: no actions`);
      for (const a of m.actions) if (catalogue.canonicalAction(a) !== a) bad.push(`${key}: ${a}`);
    }
    expect(bad).toEqual([]);
  });

  test('the action a denial message names is among the mapped actions', () => {
    const checked = new Set<string>();
    const disagreements: string[] = [];
    for (const r of records) {
      const raw = deniedActionIn(r.errorMessage);
      const named = raw === undefined ? undefined : catalogue.canonicalAction(raw);
      if (named === undefined) continue;
      const key = `${r.eventSource} ${r.eventName}`;
      checked.add(`${key} ${named}`);
      const m = mappings.get(key);
      if (m?.kind !== 'actions' || !m.actions.includes(named)) {
        disagreements.push(`${key}: denied ${named}, mapped ${JSON.stringify(m)}`);
      }
    }
    console.log(`denial messages checked against the mapping: ${checked.size} distinct`);
    expect(checked.size).toBeGreaterThan(5);
    expect([...new Set(disagreements)]).toEqual([]);
  });

  test('maps most records and pairs', () => {
    let mappedRecords = 0;
    let mappedPairs = 0;
    const how = new Map<string, number>();
    const unmapped: string[] = [];
    for (const [key, pair] of pairs) {
      const m = mappings.get(key);
      if (m === undefined) continue;
      const label = m.kind === 'unmapped' ? 'unmapped' : `${m.kind}/${m.how}`;
      how.set(label, (how.get(label) ?? 0) + pair.count);
      if (m.kind === 'unmapped') {
        unmapped.push(`  ${key} (${pair.count} records): ${m.reason}`);
      } else {
        mappedRecords += pair.count;
        mappedPairs++;
      }
    }
    const recordShare = mappedRecords / records.length;
    const pairShare = mappedPairs / pairs.size;
    console.log(
      [
        `real CloudTrail records (${dataDir}):`,
        `  records mapped: ${mappedRecords}/${records.length} = ${pct(mappedRecords, records.length)} (floor ${pct(RECORD_FLOOR, 1)})`,
        `  distinct eventSource/eventName pairs mapped: ${mappedPairs}/${pairs.size} = ${pct(mappedPairs, pairs.size)} (floor ${pct(PAIR_FLOOR, 1)})`,
        `  records by outcome: ${[...how].map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `  unmapped pairs (candidates for src/mapping/exceptions.ts): ${unmapped.length}`,
        ...unmapped.sort(),
      ].join('\n'),
    );
    expect(recordShare).toBeGreaterThanOrEqual(RECORD_FLOOR);
    expect(pairShare).toBeGreaterThanOrEqual(PAIR_FLOOR);
  });
});
