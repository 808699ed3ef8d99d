import { gunzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../types.js';
import { tooLargeMessage } from './inflate.js';

/** Why a log file could not be used; counted per file in the coverage. */
export class LogFileError extends Error {
  override readonly name = 'LogFileError';
}

/**
 * Gunzips when the bytes are gzip (by magic number, not by name), and decodes UTF-8; never past
 * `maxBytes` uncompressed (a `LogFileError` then, as for bad gzip).
 */
export function decodeLogBytes(bytes: Uint8Array, maxBytes = Infinity): string {
  let data = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = gunzipSync(bytes, Number.isFinite(maxBytes) ? { maxOutputLength: maxBytes } : {});
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new LogFileError(tooLargeMessage(maxBytes));
      }
      throw new LogFileError(`bad gzip data (${(error as Error).message})`);
    }
  } else if (bytes.length > maxBytes) {
    throw new LogFileError(tooLargeMessage(maxBytes));
  }
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

/**
 * Parses a log file's text into records. CloudTrail delivers `{"Records":[...]}`; a bare JSON
 * array of records and JSON Lines (one record per line, as exports and SIEMs write them) are
 * accepted too. Anything else is a `LogFileError` naming what is wrong.
 */
export function parseLogText(text: string): CloudTrailRecord[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new LogFileError('empty file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    if (trimmed.startsWith('{') && trimmed.includes('\n')) return parseJsonLines(trimmed);
    throw new LogFileError(`truncated or invalid JSON (${(error as Error).message})`);
  }
  if (Array.isArray(parsed)) return checkRecords(parsed);
  if (isObject(parsed)) {
    if (Array.isArray(parsed.Records)) return checkRecords(parsed.Records);
    if (typeof parsed.eventName === 'string' && typeof parsed.eventSource === 'string') {
      return [parsed];
    }
  }
  throw new LogFileError('not a CloudTrail log file (no "Records" array)');
}

function parseJsonLines(text: string): CloudTrailRecord[] {
  const records: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      throw new LogFileError(`invalid JSON on line ${i + 1} (${(error as Error).message})`);
    }
  }
  return checkRecords(records);
}

function checkRecords(items: unknown[]): CloudTrailRecord[] {
  for (let i = 0; i < items.length; i++) {
    if (!isObject(items[i])) {
      throw new LogFileError(`record ${i + 1} is not an object: not a CloudTrail log file`);
    }
  }
  return items as CloudTrailRecord[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
