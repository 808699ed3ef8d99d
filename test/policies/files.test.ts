import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilePolicySource, MAX_POLICY_FILE_BYTES } from '../../src/policies/files.js';
import { UserError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ipd-policies-'));

async function load(content: string | Buffer, name = 'p.json'): Promise<unknown> {
  const path = join(dir, name);
  writeFileSync(path, content);
  return createFilePolicySource([path], '--current-policy').load();
}

async function refusal(content: string | Buffer, name = 'p.json'): Promise<string> {
  const error = await load(content, name).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

const doc = (statement: Record<string, unknown>, version: unknown = '2012-10-17'): string =>
  JSON.stringify({ Version: version, Statement: [{ Sid: 'S1', Effect: 'Allow', ...statement }] });

describe('policy files', () => {
  it.each([
    [
      { Action: ['s3:GetObject', 5], Resource: '*' },
      /statement 1 \(Sid "S1"\): "Action" is \["s3:GetObject",5\]; expected a string or a list of strings/,
    ],
    [
      { Action: { s3: 'GetObject' }, Resource: '*' },
      /"Action" is \{"s3":"GetObject"\}; expected a string or a list/,
    ],
    [
      { Action: 's3:GetObject', Resource: 5 },
      /"Resource" is 5; expected a string or a list of strings/,
    ],
    [{ Action: 's3:GetObject', Resource: [] }, /"Resource" is \[\]; expected a string or a list/],
    [{ Action: 's3:GetObject' }, /statement 1 \(Sid "S1"\) has neither Resource nor NotResource/],
    [
      { Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' },
      /has both "Action" and "NotAction"/,
    ],
    [
      { Action: 's3:GetObject', Resource: '*', NotResource: 'arn:aws:s3:::b' },
      /has both "Resource" and "NotResource"/,
    ],
    [
      { Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: 'x' } },
      /"Condition" is \{"StringEquals":"x"\}; expected/,
    ],
  ])('refuses %j naming the file, the statement and the field', async (statement, message) => {
    const text = await refusal(doc(statement));
    expect(text).toMatch(/^--current-policy ".*p\.json": statement 1/);
    expect(text).toMatch(message);
  });

  it('refuses an unknown Version', async () => {
    expect(await refusal(doc({ Action: '*', Resource: '*' }, '2020-01-01'))).toMatch(
      /"Version" is "2020-01-01"; IAM knows "2012-10-17" \(write this\) and "2008-10-17"/,
    );
  });

  it('accepts a byte-order mark, as in log files', async () => {
    await expect(
      load(`\uFEFF${doc({ Action: 's3:GetObject', Resource: '*' })}`),
    ).resolves.toMatchObject({
      policies: [{ document: { Statement: [{ Action: 's3:GetObject' }] } }],
    });
  });

  it('refuses at once a file larger than any IAM policy, naming the limit', async () => {
    const statements = Array.from({ length: 40_000 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: `s3:GetObject`,
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    }));
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    expect(big.length).toBeGreaterThan(MAX_POLICY_FILE_BYTES);
    const before = process.memoryUsage().heapUsed;
    const text = await refusal(big, 'big.json');
    expect(text).toMatch(
      /big\.json" is \d+ bytes, larger than any IAM policy can be \(this tool reads at most 1048576 bytes: IAM stores at most 6,144 characters/,
    );
    // Refused from its size: not read, not parsed.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(big.length);
  });
});
