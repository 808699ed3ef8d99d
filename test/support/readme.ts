/**
 * README's workflows and commands, as the tests run them: what a user copies is what is tested.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * The `with:` inputs of the iam-policy-drift step of README's workflow named `name`
 * (`role-arn: |` blocks joined by newlines).
 */
export function readmeWorkflowInputs(name: string): Record<string, string> {
  const start = README.indexOf(`name: ${name}\n`);
  if (start < 0) throw new Error(`README has no workflow ${name}`);
  const block = README.slice(start, README.indexOf('```', start));
  const lines = block.split('\n');
  const step = lines.findIndex((l) => l.includes('uses: iam-policy-drift/iam-policy-drift@'));
  const inputs: Record<string, string> = {};
  let key: string | undefined;
  for (const line of lines.slice(step + 2)) {
    const entry = /^ {10}([a-z-]+): ?(.*)$/.exec(line);
    if (entry) {
      key = entry[1]!;
      inputs[key] = entry[2] === '|' ? '' : entry[2]!;
    } else if (key !== undefined && /^ {12}\S/.test(line)) {
      inputs[key] = `${inputs[key]}${line.trim()}\n`;
    } else if (line.trim() !== '') break;
  }
  return inputs;
}

/** README's CLI command on the example whose line passes `test`, split into its arguments. */
export function readmeCommand(test: (line: string) => boolean, what: string): string[] {
  const line = README.split('\n').find((l) => l.startsWith('node dist/cli/index.js ') && test(l));
  if (line === undefined) throw new Error(`README has no ${what} command`);
  return line.split(' ').slice(2);
}
