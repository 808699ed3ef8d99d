import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
