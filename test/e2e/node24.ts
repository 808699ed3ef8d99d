import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { FakeGitHub } from '../support/fake-github.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The Node 24 binary the action declares (`runs.using: node24`), from the `node` dev
 * dependency, so the bundle is tested on the runtime users run it on.
 */
export const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');

export function node24Version(): string {
  if (!existsSync(NODE24))
    throw new Error(`${NODE24} is missing: run npm ci (the node@24 dev dependency)`);
  return execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim();
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBundle(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Run {
  const result = spawnSync(NODE24, [join(ROOT, script), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 120_000,
    // A JSON report of a broad policy (ReadOnlyAccess) is over spawnSync's 1 MiB default.
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Like `runBundle`, without blocking this process: for runs that talk to a server living in
 * the test process (the fake GitHub API), which must keep answering while the bundle runs.
 */
export function runBundleAsync(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE24, [join(ROOT, script), ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}

/** Parses the runner's GITHUB_OUTPUT file (`name<<delimiter`, value lines, `delimiter`). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!heredoc) continue;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i]!);
    outputs[heredoc[1]!] = value.join('\n');
  }
  return outputs;
}

/** What a run of the action as the runner runs it left: its outputs and job summary. */
export interface ActionRun extends Run {
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs the bundled action (`node dist/index.js`) as the Actions runner does: a checkout of the
 * fake GitHub repository's main branch as the workspace, the event's payload (a pull request's
 * number for `pull_request`), `inputs` as INPUT_* variables, and `env` (AWS endpoints and
 * credentials) added.
 */
export async function runActionAsRunner(options: {
  github: FakeGitHub;
  event: string;
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
  pull?: number;
  /** The event's payload; default a pull request's number for `pull_request`, else `{}`. */
  payload?: Record<string, unknown>;
  /** Files of the checkout over the main branch's. */
  workspaceFiles?: Record<string, string>;
}): Promise<ActionRun> {
  const { github, event, pull = 0 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'ipd-action-'));
  const workspace = join(dir, 'workspace');
  const checkout = { ...github.filesOn('main'), ...options.workspaceFiles };
  for (const [path, text] of Object.entries(checkout)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  const paths = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary.md'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(paths.output, '');
  writeFileSync(paths.summary, '');
  const payload =
    options.payload ??
    (event === 'pull_request' ? { number: pull, pull_request: { number: pull } } : {});
  writeFileSync(paths.event, JSON.stringify(payload));
  const env: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_EVENT_PATH: paths.event,
    GITHUB_EVENT_NAME: event,
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    GITHUB_API_URL: github.url,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const run = await runBundleAsync('dist/index.js', [], env);
  return {
    ...run,
    outputs: parseOutputs(readFileSync(paths.output, 'utf8')),
    summary: readFileSync(paths.summary, 'utf8'),
  };
}
