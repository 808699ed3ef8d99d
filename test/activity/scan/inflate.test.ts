import { gunzipSync, gzipSync } from 'node:zlib';
import { gunzipReusing, TooLargeError } from '../../../src/activity/scan/inflate.js';

/** Deterministic text that compresses like JSON does. */
function text(seed: number, length: number): string {
  const words = ['eventName', '"GetObject"', 'arn:aws:iam::111122223333:role/x', '{', '}', ','];
  let state = seed;
  let out = '';
  while (out.length < length) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += words[state % words.length]! + String(state % 97);
  }
  return out.slice(0, length);
}

function trailer(bytes: Buffer): number {
  return bytes.readUInt32LE(bytes.length - 4);
}

describe('gunzipReusing', () => {
  it('gives what gunzipSync gives, for files of many sizes in any order', () => {
    for (const length of [0, 1, 100, 70_000, 3_000_000, 10, 1_500_000, 5]) {
      const gz = gzipSync(text(length + 1, length));
      const out = gunzipReusing(gz, trailer(gz));
      expect(out.equals(gunzipSync(gz))).toBe(true);
    }
  });

  it('grows its buffer when the trailer under-states the size', () => {
    const gz = Buffer.from(gzipSync('x'.repeat(5_000_000)));
    expect(gunzipReusing(gz, 10).length).toBe(5_000_000);
  });

  it('reads several gzip members one after another, as gunzipSync does', () => {
    const gz = Buffer.concat([gzipSync('{"a":1}'), gzipSync('{"b":2}')]);
    expect(gunzipReusing(gz, trailer(gz)).toString()).toBe(gunzipSync(gz).toString());
  });

  it('fails as gunzipSync fails on corrupt and truncated data, then works again', () => {
    const good = gzipSync('{"Records":[]}');
    const corrupt = Buffer.from(good);
    corrupt[12] = corrupt[12]! ^ 0xff;
    corrupt[13] = corrupt[13]! ^ 0xff;
    const truncated = good.subarray(0, good.length - 10);
    for (const bad of [corrupt, truncated]) {
      let expected = '';
      try {
        gunzipSync(bad);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).not.toBe('');
      expect(() => gunzipReusing(bad, 100)).toThrow(expected);
      expect(gunzipReusing(good, trailer(good)).toString()).toBe('{"Records":[]}');
    }
  });

  it('stops at the size limit, whatever the trailer says, then works again', () => {
    const big = gzipSync(Buffer.alloc(8 << 20));
    const good = gzipSync('{"Records":[]}');
    // The trailer tells at once; a trailer that under-states the size is caught while writing.
    expect(() => gunzipReusing(big, trailer(big), 1 << 20)).toThrow(TooLargeError);
    expect(() => gunzipReusing(big, 0, 1 << 20)).toThrow(
      /^larger than 1 MiB uncompressed, the limit of max-file-size/,
    );
    expect(gunzipReusing(good, trailer(good), 1 << 20).toString()).toBe('{"Records":[]}');
    // Exactly at the limit is within it.
    const exact = gzipSync(Buffer.alloc(1 << 20, 0x20));
    expect(gunzipReusing(exact, 0, 1 << 20).length).toBe(1 << 20);
  });

  it('reuses its buffer: a result is valid until the next call', () => {
    const first = gunzipReusing(gzipSync('first file'), 10);
    const copy = Buffer.from(first);
    gunzipReusing(gzipSync('other bytes'), 11);
    expect(copy.toString()).toBe('first file');
    expect(first.buffer === gunzipReusing(gzipSync('third'), 5).buffer).toBe(true);
  });
});
