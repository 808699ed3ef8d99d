/**
 * scripts/ensure-moto.mjs, the first half of `npm test`: it finds moto, or installs the pinned
 * moto into the project's virtual environment, or says what to install. PyPI is not reachable
 * from every machine the tests run on, so the Python side is played by small shell scripts on a
 * PATH that holds nothing else (the script's decisions and messages are what is tested).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/node24.js';

const SCRIPT = join(ROOT, 'scripts/ensure-moto.mjs');

/** A PATH of its own: the given fake commands and the few tools they use. */
function fakePath(commands: Record<string, string>): { dir: string; venv: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ipd-moto-'));
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  for (const tool of ['mkdir', 'chmod', 'cp']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, join(bin, tool));
  }
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { dir, venv: join(dir, 'venv') };
}

function ensure(path: { dir: string; venv: string }) {
  const result = spawnSync(process.execPath, [SCRIPT], {
    env: { PATH: join(path.dir, 'bin'), IPD_MOTO_VENV: path.venv },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
}

/** A venv's python: `-c` succeeds once pip has "installed" moto (a marker file). */
const VENV_PYTHON = `case "$1" in
  -c) [ -f "\${0%/*}/moto-installed" ] && exit 0; exit 1;;
  -m) if [ "$2" = pip ]; then [ -f "\${0%/*}/pip-fails" ] && { echo "ERROR: No matching distribution found for moto" >&2; exit 1; }; : > "\${0%/*}/moto-installed"; exit 0; fi;;
esac
exit 1`;

/** python3 without moto; `-m venv DIR` makes DIR/bin/python (the venv python above). */
function python3(venvWorks: boolean, pipFails = false): string {
  return `case "$1" in
  --version) echo "Python 3.99.0"; exit 0;;
  -c) exit 1;;
  -m) if [ "$2" = venv ]; then
        ${venvWorks ? '' : 'echo "The virtual environment was not created successfully because ensurepip is not available." >&2; exit 1'}
        mkdir -p "$3/bin" && cp "\${0%/*}/venv-python" "$3/bin/python" && chmod +x "$3/bin/python"
        ${pipFails ? ': > "$3/bin/pip-fails"' : ''}
        exit 0
      fi;;
esac
exit 1`;
}

describe('scripts/ensure-moto.mjs', () => {
  it('does nothing when moto_server is on PATH', () => {
    const path = fakePath({ moto_server: 'exit 0' });
    expect(ensure(path)).toEqual({ status: 0, stderr: '' });
    expect(existsSync(path.venv)).toBe(false);
  });

  it('says what to install when there is no Python 3', () => {
    const { status, stderr } = ensure(fakePath({}));
    expect(status).toBe(1);
    expect(stderr).toContain('Python 3 was not found');
    expect(stderr).toContain('sudo apt-get install python3 python3-venv');
    expect(stderr).toContain("pip install 'moto[server]==5.2.1'");
  });

  it('says to install the venv module when python3 cannot make a virtual environment', () => {
    const path = fakePath({ python3: python3(false), 'venv-python': VENV_PYTHON });
    const { status, stderr } = ensure(path);
    expect(status).toBe(1);
    expect(stderr).toContain('ensurepip is not available');
    expect(stderr).toContain('sudo apt-get install python3-venv');
    expect(existsSync(path.venv)).toBe(false);
  });

  it('installs the pinned moto into the project environment, once', () => {
    const path = fakePath({ python3: python3(true), 'venv-python': VENV_PYTHON });
    const first = ensure(path);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('installing moto[server]==5.2.1');
    expect(existsSync(join(path.venv, 'bin', 'moto-installed'))).toBe(true);
    // The second run finds it and installs nothing.
    expect(ensure(path)).toEqual({ status: 0, stderr: '' });
  });

  it('names pip as the cause when pip cannot install moto', () => {
    const path = fakePath({ python3: python3(true, true), 'venv-python': VENV_PYTHON });
    const { status, stderr } = ensure(path);
    expect(status).toBe(1);
    expect(stderr).toContain('pip could not install moto[server]==5.2.1');
    expect(stderr).toContain('No matching distribution found for moto');
    expect(stderr).toContain('PIP_INDEX_URL');
  });
});
