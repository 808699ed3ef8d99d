/**
 * Jest global setup: starts one moto server per jest worker (so that a test file may reset
 * its server without disturbing files running in other workers), and points every AWS SDK
 * client of the tests at moto with dummy credentials, so no test can reach real AWS.
 *
 * Exports to the tests (workers inherit the environment):
 * - `MOTO_ENDPOINTS`: the servers' endpoints, comma-separated; `MOTO_ENDPOINT`: the first.
 *   `test/support/moto.ts` picks the worker's own (`motoEndpoint()`).
 * - `AWS_ENDPOINT_URL` (the first server), `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 *   `AWS_REGION`, `AWS_DEFAULT_REGION`; the shared config files and IMDS are switched off.
 *
 * `startMoto` is also for test files that need a server of their own (through
 * `moto-server.ts`). This file imports no local module: jest loads global setup files
 * outside its module system, where the `.js` to `.ts` mapping does not apply.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequestRaw } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  pid: number;
  /** Stops the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Extra environment for the server (e.g. `INITIAL_NO_AUTH_ACTION_COUNT`). */
  env?: Record<string, string>;
  /** How long to wait for the server to answer. Default 30 s. */
  timeoutMs?: number;
}

const INSTALL_HINT =
  "moto_server is not installed: the AWS tests run against a local moto server. `npm test` sets it up (scripts/ensure-moto.mjs); or install it with `pip install 'moto[server]'` (Python 3), then run the tests again.";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function tail(file: string, bytes = 2000): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > bytes ? text.slice(-bytes) : text;
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The project's own moto (scripts/ensure-moto.mjs installs it there when none is on PATH). */
const VENV = process.env.IPD_MOTO_VENV ?? join(process.cwd(), '.venv-moto');

/** The commands that can run moto's server, best first. */
const COMMANDS: readonly { command: string; args: readonly string[] }[] = [
  { command: 'moto_server', args: [] },
  { command: 'python3', args: ['-m', 'moto.server'] },
  {
    command: join(VENV, process.platform === 'win32' ? 'Scripts' : 'bin', 'python'),
    args: ['-m', 'moto.server'],
  },
];

interface Attempt {
  child: ChildProcess;
  /** Set when the process could not start or exited. */
  exit: Promise<{ code: number | null; signal: string | null; error?: NodeJS.ErrnoException }>;
}

function launch(
  command: string,
  args: readonly string[],
  port: number,
  env: NodeJS.ProcessEnv,
  logFd: number,
): Attempt {
  const child = spawn(command, [...args, '-H', '127.0.0.1', '-p', String(port)], {
    env,
    stdio: ['ignore', logFd, logFd],
    // Its own process group, so that stop() also ends anything a wrapper script started.
    detached: true,
  });
  child.unref();
  const exit = new Promise<{
    code: number | null;
    signal: string | null;
    error?: NodeJS.ErrnoException;
  }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: null, signal: null, error }),
    );
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exit };
}

/**
 * One HTTP request without keep-alive (a pooled socket would keep jest from exiting).
 * Resolves with the status code; rejects on network errors and after `timeoutMs`.
 */
function httpRequest(
  url: string,
  method: string,
  body?: string,
  timeoutMs = 2000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequestRaw(
      url,
      {
        method,
        agent: false,
        timeout: timeoutMs,
        headers: body !== undefined ? { 'content-type': 'text/plain' } : {},
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${url}: timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await httpRequest(`${endpoint}/moto-api/`, 'GET')) === 200;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Starts a moto server; rejects with a clear message when moto is missing or does not answer. */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const logDir = mkdtempSync(join(tmpdir(), 'moto-'));
  const logFile = join(logDir, 'moto.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
    PYTHONUNBUFFERED: '1',
    ...options.env,
  };
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  let commandIndex = 0;
  for (let attempt = 0; attempt < 5 && Date.now() < deadline; attempt += 1) {
    const spec = COMMANDS[commandIndex];
    if (spec === undefined) break;
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const logFd = openSync(logFile, 'w');
    const { child, exit } = launch(spec.command, spec.args, port, env, logFd);
    closeSync(logFd);
    let exited: Awaited<typeof exit> | undefined;
    void exit.then((result) => (exited = result));
    while (exited === undefined && Date.now() < deadline) {
      if (await answers(endpoint)) {
        const pid = child.pid ?? -1;
        const onExit = (): void => killGroup(child, 'SIGKILL');
        process.once('exit', onExit);
        let stopped: Promise<void> | undefined;
        return {
          endpoint,
          port,
          pid,
          stop: () => {
            stopped ??= (async () => {
              process.removeListener('exit', onExit);
              if (exited === undefined) {
                killGroup(child, 'SIGTERM');
                let timer: NodeJS.Timeout | undefined;
                const done = await Promise.race([
                  exit.then(() => true),
                  new Promise<boolean>((resolve) => {
                    timer = setTimeout(() => resolve(false), 5000);
                  }),
                ]);
                clearTimeout(timer);
                if (!done) killGroup(child, 'SIGKILL');
              }
              rmSync(logDir, { recursive: true, force: true });
            })();
            return stopped;
          },
        };
      }
      await sleep(50);
    }
    if (exited === undefined) {
      killGroup(child, 'SIGKILL');
      lastProblem = `it did not answer on ${endpoint} within ${timeoutMs} ms`;
      break;
    }
    const log = tail(logFile);
    if (exited.error?.code === 'ENOENT' || /No module named '?moto|command not found/.test(log)) {
      lastProblem = `${spec.command} was not found`;
      commandIndex += 1;
      continue;
    }
    if (/No module named|ModuleNotFoundError/.test(log)) {
      // moto is there but its server extras (flask, ...) are not.
      rmSync(logDir, { recursive: true, force: true });
      throw new Error(`${INSTALL_HINT}\n${log}`);
    }
    // Most likely the port was taken between choosing and binding it: try another.
    lastProblem = `${spec.command} exited (${exited.code ?? exited.signal}): ${log}`;
  }
  const log = tail(logFile);
  rmSync(logDir, { recursive: true, force: true });
  if (commandIndex >= COMMANDS.length) throw new Error(INSTALL_HINT);
  throw new Error(`Could not start moto_server: ${lastProblem}${log !== '' ? `\n${log}` : ''}`);
}

/** Empties every backend of a moto server. */
export async function resetMotoServer(endpoint: string): Promise<void> {
  const status = await httpRequest(`${endpoint}/moto-api/reset`, 'POST', '', 10_000);
  if (status !== 200) throw new Error(`moto reset failed: HTTP ${status}`);
}

/**
 * Sets how many more requests moto serves without checking credentials and IAM policies
 * (`0`: check every request from now on; `Infinity`: check none).
 */
export async function setMotoAuthFreeRequests(endpoint: string, count: number): Promise<void> {
  const body = Number.isFinite(count) ? String(count) : 'inf';
  const status = await httpRequest(`${endpoint}/moto-api/reset-auth`, 'POST', body, 10_000);
  if (status !== 200) throw new Error(`moto reset-auth failed: HTTP ${status}`);
}

/** At most this many servers; more workers than that share them (round robin). */
const MAX_SERVERS = 8;

declare global {
  var __MOTO_SERVERS__: MotoServer[] | undefined;
}

export default async function globalSetup(globalConfig: { maxWorkers?: number }): Promise<void> {
  const count = Math.min(MAX_SERVERS, Math.max(1, globalConfig.maxWorkers ?? 1));
  const started = await Promise.allSettled(Array.from({ length: count }, () => startMoto()));
  const servers = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(servers.map((server) => server.stop()));
    throw failure.reason;
  }
  globalThis.__MOTO_SERVERS__ = servers;
  const endpoints = servers.map((server) => server.endpoint);
  const env = process.env;
  env.MOTO_ENDPOINTS = endpoints.join(',');
  env.MOTO_ENDPOINT = endpoints[0];
  env.AWS_ENDPOINT_URL = endpoints[0];
  for (const name of [
    'AWS_ENDPOINT_URL_S3',
    'AWS_ENDPOINT_URL_IAM',
    'AWS_ENDPOINT_URL_STS',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_ROLE_ARN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
  ]) {
    delete env[name];
  }
  env.AWS_ACCESS_KEY_ID = 'testing';
  env.AWS_SECRET_ACCESS_KEY = 'testing';
  env.AWS_REGION = 'us-east-1';
  env.AWS_DEFAULT_REGION = 'us-east-1';
  env.AWS_EC2_METADATA_DISABLED = 'true';
  const none = join(tmpdir(), 'iam-policy-drift-tests-no-aws-config');
  env.AWS_CONFIG_FILE = none;
  env.AWS_SHARED_CREDENTIALS_FILE = none;
}
