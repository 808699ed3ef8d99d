/**
 * action.yml against the code: every input the action reads is declared, every declared input
 * is read, every output it sets is declared, and each entry has only the keys the runner's
 * schema allows (an output with `required` or `default` makes the runner refuse the action).
 */
import { readFileSync } from 'node:fs';
import { INPUT_NAMES } from '../../src/inputs.js';
import { PUBLISH_INPUT_NAMES } from '../../src/settings/publish.js';

const manifest = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
const source = (path: string): string =>
  readFileSync(new URL(`../../src/${path}`, import.meta.url), 'utf8');

/** The entries of a top-level section: name → the keys under it. */
function section(name: string): Map<string, string[]> {
  const lines = manifest.split('\n');
  const start = lines.indexOf(`${name}:`);
  if (start === -1) throw new Error(`action.yml has no ${name}: section`);
  const entries = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const entry = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    const key = /^ {4}([A-Za-z0-9_-]+):/.exec(line);
    if (entry) entries.set(entry[1]!, (current = []));
    else if (key) current?.push(key[1]!);
  }
  return entries;
}

const inputs = section('inputs');
const outputs = section('outputs');

describe('action.yml', () => {
  it('runs on node24 from the bundle', () => {
    expect(manifest).toMatch(/\nruns:\n {2}using: node24\n {2}main: dist\/index\.js\n/);
  });

  it('declares exactly the inputs the action reads', () => {
    const read = new Set<string>([
      ...Object.values(INPUT_NAMES),
      ...Object.values(PUBLISH_INPUT_NAMES),
    ]);
    read.delete('format'); // a CLI flag only: the action writes both formats
    for (const match of source('inputs.ts').matchAll(/\bget\('([a-z-]+)'\)/g)) read.add(match[1]!);
    expect([...inputs.keys()].sort()).toEqual([...read].sort());
  });

  it('declares every output the action sets', () => {
    const set = new Set<string>();
    for (const file of ['main.ts', 'publish/publish.ts', 'publish/fleet.ts']) {
      const text = source(file);
      for (const match of text.matchAll(/setOutput\('([a-z-]+)'/g)) set.add(match[1]!);
      for (const match of text.matchAll(/outputs\['([a-z-]+)'\]/g)) set.add(match[1]!);
      for (const match of text.matchAll(/\{ '([a-z-]+)': 'none' \}/g)) set.add(match[1]!);
    }
    expect([...outputs.keys()].sort()).toEqual([...set].sort());
  });

  it('gives each input and output only the keys the runner allows', () => {
    for (const [name, keys] of inputs) {
      expect([
        name,
        keys.filter((k) => !['description', 'required', 'default'].includes(k)),
      ]).toEqual([name, []]);
      expect([name, keys.includes('description')]).toEqual([name, true]);
    }
    for (const [name, keys] of outputs) {
      expect([name, keys]).toEqual([name, ['description']]);
    }
  });
});
