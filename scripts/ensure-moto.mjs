// Makes sure the tests can start moto_server (Python moto, the local AWS API the tests run
// against); run by `npm test` before jest.
//
// 1. moto_server on PATH, or Python's moto with its server extras: nothing to do.
// 2. Else the project's own virtual environment (.venv-moto, git-ignored) when it holds moto.
// 3. Else it creates that environment with `python3 -m venv` and installs the pinned moto into it
//    with pip (which needs PyPI or a mirror pip is configured for).
// Where that cannot work (no Python 3, no venv module, pip fails) it says what to install and
// exits 1, so that the tests never start half-equipped.
//
// IPD_MOTO_VENV moves the environment elsewhere (the tests of this script use it).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.2.1';
const SPEC = `moto[server]==${MOTO_VERSION}`;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const venv = process.env.IPD_MOTO_VENV ?? join(root, '.venv-moto');
const bin = join(venv, process.platform === 'win32' ? 'Scripts' : 'bin');

function runs(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 });
  return result.error === undefined && result.status === 0;
}

function fail(lines) {
  process.stderr.write(
    `${['npm test needs moto_server (Python moto) and cannot set it up:', ...lines].join('\n')}\n`,
  );
  process.exit(1);
}

const serverImport = ['-c', 'import moto.server'];
if (runs('moto_server', ['--help']) || runs('python3', serverImport)) process.exit(0);
if (existsSync(join(bin, 'python')) && runs(join(bin, 'python'), serverImport)) process.exit(0);

const manual = `Or install it yourself, then run npm test again: pip install '${SPEC}'`;
if (!runs('python3', ['--version'])) {
  fail([
    '- Python 3 was not found (python3 on PATH).',
    '- Install Python 3 with its venv module: Debian/Ubuntu `sudo apt-get install python3 python3-venv`,',
    '  Fedora `sudo dnf install python3`, macOS `brew install python`.',
    manual,
  ]);
}

process.stderr.write(`moto_server not found: installing ${SPEC} into ${venv} (once)\n`);
if (!existsSync(join(bin, 'python'))) {
  rmSync(venv, { recursive: true, force: true });
  const made = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
  if (made.error !== undefined || made.status !== 0) {
    rmSync(venv, { recursive: true, force: true });
    fail([
      `- python3 -m venv ${venv} failed: ${(made.stderr || made.stdout || String(made.error)).trim().split('\n').slice(-3).join(' ')}`,
      '- Install the venv module: Debian/Ubuntu `sudo apt-get install python3-venv`.',
      manual,
    ]);
  }
}
const pip = spawnSync(
  join(bin, 'python'),
  ['-m', 'pip', 'install', '--disable-pip-version-check', SPEC],
  {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  },
);
if (pip.error !== undefined || pip.status !== 0 || !runs(join(bin, 'python'), serverImport)) {
  fail([
    `- pip could not install ${SPEC} into ${venv}: ${(pip.stderr || String(pip.error ?? 'moto.server does not import')).trim().split('\n').slice(-3).join(' ')}`,
    '- pip needs PyPI (or a mirror set in pip.conf / PIP_INDEX_URL).',
    manual,
  ]);
}
process.stderr.write(`moto ${MOTO_VERSION} installed in ${venv}\n`);
