import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LogFileError } from './parse.js';
import type { FileScan, ScanConfig } from './scan.js';

/** A file to scan: its bytes as stored (gzip or plain, copied to the worker), or its path. */
export type ScanRequest = { id: number; bytes: Uint8Array } | { id: number; path: string };

export type ScanReply =
  { id: number; scan: FileScan } | { id: number; error: string; logFileError: boolean };

/** The worker's file name, emitted next to each bundle by `scripts/package.mjs`. */
const WORKER_FILE = './read-worker.mjs';

/**
 * The bundled worker next to this module's bundle, or undefined when there is none (running
 * from the TypeScript sources, as the tests do): then files are scanned on the main thread.
 */
export function bundledWorker(): URL | undefined {
  const url = new URL(WORKER_FILE, import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

const MAX_WORKERS = 8;
const YOUNG_GENERATION_MB = 4;

/** One worker per core when there are several cores; none otherwise. */
export function defaultWorkerCount(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
}

/** The pool failed (a worker died): a bug or the machine, not a problem of one file. */
export class ScanPoolError extends Error {
  override readonly name = 'ScanPoolError';
}

interface Pending {
  resolve: (scan: FileScan) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  online: boolean;
  pending: Map<number, Pending>;
}

/**
 * Worker threads that scan files: each file goes to the running worker with the fewest files
 * queued; answers come back as promises. The main thread keeps only reading and aggregating.
 */
export class ScanPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private failed: ScanPoolError | undefined;
  private closing = false;
  /** True once a worker is up; until then a caller may rather scan on the main thread. */
  ready = false;
  /** Settles when the first worker is up, or fails when the pool does. */
  readonly started: Promise<void>;
  private readonly onFailure: (error: Error) => void;

  constructor(script: URL, size: number, config: ScanConfig) {
    let started!: () => void;
    let stop!: (error: Error) => void;
    this.started = new Promise<void>((resolve, reject) => {
      started = resolve;
      stop = reject;
    });
    this.started.catch(() => undefined);
    this.onFailure = stop;
    for (let i = 0; i < size; i++) {
      const slot: Slot = {
        worker: new Worker(script, {
          workerData: config,
          // A small young generation: collected more often, it keeps each thread's heap
          // (and the process's peak memory) small, at no cost in speed here.
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        }),
        online: false,
        pending: new Map(),
      };
      slot.worker.once('online', () => {
        slot.online = true;
        this.ready = true;
        started();
      });
      // A worker answers the requests it has queued in one message (see worker.ts).
      slot.worker.on('message', (replies: ScanReply[]) => {
        for (const reply of replies) this.settle(slot, reply);
      });
      slot.worker.on('error', (error) => this.fail(`a reader thread failed: ${error.message}`));
      slot.worker.on('exit', (code) => {
        if (!this.closing) this.fail(`a reader thread stopped (exit code ${code})`);
      });
      this.slots.push(slot);
    }
  }

  /** Why the pool stopped working, if it did: then every scan fails with this error. */
  get failure(): ScanPoolError | undefined {
    return this.failed;
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Scans a file's stored bytes. They are copied once, to a buffer of their own that moves to
   * the worker (posting the view itself would copy all of its buffer, often Node's pool).
   */
  scan(bytes: Uint8Array): Promise<FileScan> {
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    return this.send({ id: this.nextId++, bytes: own }, [own.buffer]);
  }

  /** Scans a local file that the worker reads itself. */
  scanFile(path: string): Promise<FileScan> {
    return this.send({ id: this.nextId++, path });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private async send(request: ScanRequest, transfer: ArrayBuffer[] = []): Promise<FileScan> {
    if (!this.ready) await this.started;
    if (this.failed) throw this.failed;
    let slot = this.slots.find((s) => s.online)!;
    for (const other of this.slots) {
      if (other.online && other.pending.size < slot.pending.size) slot = other;
    }
    return new Promise<FileScan>((resolve, reject) => {
      slot.pending.set(request.id, { resolve, reject });
      slot.worker.postMessage(request, transfer);
    });
  }

  private settle(slot: Slot, reply: ScanReply): void {
    const pending = slot.pending.get(reply.id);
    if (!pending) return;
    slot.pending.delete(reply.id);
    if ('scan' in reply) pending.resolve(reply.scan);
    else
      pending.reject(reply.logFileError ? new LogFileError(reply.error) : new Error(reply.error));
  }

  private fail(message: string): void {
    const failure = (this.failed ??= new ScanPoolError(message));
    this.onFailure(failure);
    for (const slot of this.slots) {
      for (const pending of slot.pending.values()) pending.reject(failure);
      slot.pending.clear();
    }
  }
}
