import { constants, createGunzip, gunzipSync, type Gunzip } from 'node:zlib';

/**
 * Gunzip into one output buffer that lives as long as the thread, instead of a new buffer for
 * every file as `gunzipSync` gives. Over tens of thousands of log files of varying sizes, a
 * fresh buffer per file fragments the C heap of each thread, and the process's memory creeps up
 * with the number of files; one buffer, grown to the largest file, keeps it flat (and spares
 * the page faults of new memory).
 *
 * It drives the zlib handle of a Gunzip stream synchronously, as `gunzipSync` itself does
 * (Node's `processChunkSync`): the same C++ code, so the same results and the same errors
 * (bad data, truncated input, several gzip members one after another). Those are internals of
 * Node: where they are not as expected, `gunzipSync` is used instead, which only costs memory.
 */

interface ZlibHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
  onerror: (message: string, errno: number) => void;
}

interface Engine {
  stream: Gunzip;
  handle: ZlibHandle;
  /** After each write: [output bytes left, input bytes left]. */
  state: Uint32Array;
  error: string | undefined;
  used: boolean;
}

/** A file larger than this does not keep its buffer after it is done. */
const KEEP_AT_MOST = 64 << 20;

let engine: Engine | undefined | null;
let output = Buffer.allocUnsafeSlow(1 << 20);

function newEngine(): Engine | null {
  const stream = createGunzip() as Gunzip & { _handle?: unknown; _writeState?: unknown };
  const handle = stream._handle as Partial<ZlibHandle> | undefined;
  const state = stream._writeState;
  if (
    !handle ||
    typeof handle.writeSync !== 'function' ||
    typeof handle.reset !== 'function' ||
    // Not `instanceof`: the array comes from Node's own realm, which a test runner's is not.
    Object.prototype.toString.call(state) !== '[object Uint32Array]' ||
    (state as Uint32Array).length < 2
  ) {
    return null;
  }
  const made: Engine = {
    stream,
    handle: handle as ZlibHandle,
    state: state as Uint32Array,
    error: undefined,
    used: false,
  };
  // Errors are reported through this callback, during writeSync.
  made.handle.onerror = (message: string) => {
    made.error = message;
  };
  return made;
}

/** The uncompressed data would be larger than the limit: nothing of it is kept. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/**
 * The gunzipped bytes of `input`. The result is a view of a buffer that the next call
 * overwrites: copy what must outlive it. `sizeHint` is the expected size (the gzip trailer's).
 * Throws an `Error` with zlib's message when the data is not valid gzip, and a `TooLargeError`
 * as soon as the output would pass `maxBytes` (a decompression bomb: a few megabytes that
 * expand to gigabytes), leaving no large buffer behind.
 */
export function gunzipReusing(input: Buffer, sizeHint: number, maxBytes = Infinity): Buffer {
  // The trailer holds the size modulo 2^32: the real size is at least that.
  if (sizeHint > maxBytes) throw tooLarge(maxBytes);
  if (engine === undefined) engine = newEngine();
  if (engine === null) {
    try {
      return gunzipSync(input, {
        chunkSize: Math.min(Math.max(sizeHint + 64, 1024), 64 << 20),
        ...(Number.isFinite(maxBytes) ? { maxOutputLength: maxBytes } : {}),
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
      throw error;
    }
  }
  const current = engine;
  if (current.used) current.handle.reset();
  current.used = true;
  if (output.length < sizeHint + 1 && sizeHint < 1 << 31) {
    output = Buffer.allocUnsafeSlow(sizeHint + 1);
  }
  let inOffset = 0;
  let inLeft = input.length;
  let written = 0;
  for (;;) {
    const room = output.length - written;
    current.handle.writeSync(constants.Z_FINISH, input, inOffset, inLeft, output, written, room);
    if (current.error !== undefined) {
      const message = current.error;
      engine = undefined; // a handle that failed is not used again
      current.stream.destroy();
      throw new Error(message);
    }
    const outLeft = current.state[0]!;
    const inLeftAfter = current.state[1]!;
    written += room - outLeft;
    inOffset += inLeft - inLeftAfter;
    inLeft = inLeftAfter;
    if (outLeft !== 0) break;
    if (written > maxBytes) {
      // Left for the next file as a fresh engine and a small buffer: no state of this one.
      engine = undefined;
      current.stream.destroy();
      if (output.length > KEEP_AT_MOST) output = Buffer.allocUnsafeSlow(1 << 20);
      throw tooLarge(maxBytes);
    }
    // The output is full and there may be more: a bigger buffer, the bytes so far kept (at
    // most one byte past the limit, which is enough to tell that it is passed).
    const bigger = Buffer.allocUnsafeSlow(
      Math.min(output.length * 2, Math.max(output.length + 1, maxBytes + 1)),
    );
    output.copy(bigger, 0, 0, written);
    output = bigger;
  }
  const result = output.subarray(0, written);
  if (output.length > KEEP_AT_MOST) output = Buffer.allocUnsafeSlow(1 << 20);
  return result;
}

function tooLarge(maxBytes: number): TooLargeError {
  return new TooLargeError(tooLargeMessage(maxBytes));
}

/** Why a file over the size limit was not read. */
export function tooLargeMessage(maxBytes: number): string {
  return `larger than ${formatMiB(maxBytes)} uncompressed, the limit of max-file-size: not read (a decompression bomb, or a file CloudTrail did not write); raise max-file-size to read it`;
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1 << 20)) * 100) / 100} MiB`;
}
