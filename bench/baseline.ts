/**
 * The baseline the benchmark compares with: every file of a trail read, gunzipped and
 * `JSON.parse`d on one thread, doing nothing else. Run in a fresh process by `run.ts`:
 * `node baseline.js <dir>`; prints one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface BaselineResult {
  files: number;
  records: number;
  bytes: number;
  ms: number;
  peakRssMb: number;
  /** CPU time of the process, user and system, in milliseconds. */
  cpuMs: number;
}

function list(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) list(path, out);
    else if (entry.name.endsWith('.json.gz')) out.push(path);
  }
  return out;
}

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: baseline.js <dir>');
const files = list(dir, []).sort();
let records = 0;
let bytes = 0;
const started = process.hrtime.bigint();
for (const file of files) {
  const data = gunzipSync(readFileSync(file));
  bytes += data.length;
  const parsed = JSON.parse(data.toString('utf8')) as { Records: unknown[] };
  records += parsed.Records.length;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const result: BaselineResult = {
  files: files.length,
  records,
  bytes,
  ms,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
