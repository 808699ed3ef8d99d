/**
 * The real CloudTrail records in ../shared/data/cloudtrail (third-party data, present in CI,
 * absent from a user's clone: tests that read them skip with a message).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REAL_DATA_DIR = path.resolve(repoRoot, '../shared/data/cloudtrail');
export const REAL_DATA_PRESENT = existsSync(REAL_DATA_DIR);

export function* realFiles(dir: string = REAL_DATA_DIR): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* realFiles(full);
    else yield full;
  }
}

/** The records of one file: `{"Records":[...]}`, a JSON array, one record, or JSON lines. */
export function parseRecords(text: string): unknown[] | undefined {
  try {
    const doc = JSON.parse(text) as unknown;
    if (Array.isArray(doc)) return doc as unknown[];
    if (doc !== null && typeof doc === 'object') {
      const records = (doc as { Records?: unknown }).Records;
      return Array.isArray(records) ? (records as unknown[]) : [doc];
    }
    return undefined;
  } catch {
    const out: unknown[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        return undefined; // not JSON (a LICENSE file, ...)
      }
    }
    return out.length > 0 ? out : undefined;
  }
}

/** The text of a file, gunzipped when its name ends in .gz. */
export function readText(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
