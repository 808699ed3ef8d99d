/**
 * The reader's worker thread: scans the log files the main thread sends it (their bytes, or
 * their paths to read itself) and answers with each file's scan or why the file is unusable.
 * `scripts/package.mjs` bundles this file on its own, beside each bundle
 * (`dist/read-worker.mjs`, `dist/cli/read-worker.mjs`).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { tooLargeMessage } from './inflate.js';
import { LogFileError } from './parse.js';
import { release, scanLogFile, type ScanConfig } from './scan.js';
import type { ScanReply, ScanRequest } from './pool.js';

const config = workerData as ScanConfig;
const port = parentPort;

port?.on('message', (first: ScanRequest) => {
  // The requests already queued are scanned too, and all are answered in one message: a
  // message costs about as much as scanning a small file, and wakes the main thread.
  const replies = [answer(first)];
  for (;;) {
    const next = receiveMessageOnPort(port);
    if (!next) break;
    replies.push(answer(next.message as ScanRequest));
  }
  port.postMessage(replies);
});

function answer(request: ScanRequest): ScanReply {
  let reply: ScanReply;
  try {
    if ('path' in request) {
      reply = { id: request.id, scan: scanLogFile(readWhole(request.path), config) };
    } else {
      reply = { id: request.id, scan: scanLogFile(request.bytes, config) };
    }
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
      logFileError: error instanceof LogFileError,
    };
  }
  // The bytes sent were moved to this thread: its own to free.
  if ('bytes' in request) release(request.bytes);
  else shrinkReadBuffer();
  return reply;
}

/** One buffer for every file this thread reads, grown as needed: no garbage per file. */
let readBuffer = Buffer.allocUnsafeSlow(256 * 1024);

/** A file's bytes, in `readBuffer` (valid until the next call). */
function readWhole(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const expected = fstatSync(fd).size;
    // Stored larger than the limit: larger still uncompressed, and not worth reading.
    if (config.maxFileBytes !== undefined && expected > config.maxFileBytes) {
      throw new LogFileError(tooLargeMessage(config.maxFileBytes));
    }
    if (readBuffer.length < expected + 1) readBuffer = Buffer.allocUnsafeSlow(expected + 1);
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafeSlow(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const n = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return readBuffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** After a huge file, gives its buffer back rather than keep it for the thread's life. */
function shrinkReadBuffer(): void {
  if (readBuffer.length > 16 << 20) readBuffer = Buffer.allocUnsafeSlow(256 * 1024);
}
