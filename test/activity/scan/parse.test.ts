import { gzipSync } from 'node:zlib';
import { decodeLogBytes, LogFileError, parseLogText } from '../../../src/activity/scan/parse.js';

describe('decodeLogBytes', () => {
  it('gunzips by magic number and passes plain text through', () => {
    expect(decodeLogBytes(gzipSync('{"Records":[]}'))).toBe('{"Records":[]}');
    expect(decodeLogBytes(Buffer.from('{"Records":[]}'))).toBe('{"Records":[]}');
  });

  it('reports bad gzip data as a log file error', () => {
    const broken = gzipSync('{"Records":[{"eventName":"GetObject"}]}').subarray(0, 20);
    expect(() => decodeLogBytes(broken)).toThrow(LogFileError);
    expect(() => decodeLogBytes(broken)).toThrow(/bad gzip data/);
  });
});

describe('parseLogText', () => {
  it('reads the CloudTrail delivery format', () => {
    const records = parseLogText('{"Records":[{"eventName":"A"},{"eventName":"B"}]}');
    expect(records.map((r) => r.eventName)).toEqual(['A', 'B']);
  });

  it('reads a bare array and JSON lines', () => {
    expect(parseLogText('[{"eventName":"A"}]')).toHaveLength(1);
    const lines = '{"eventName":"A","eventSource":"s"}\n\n{"eventName":"B","eventSource":"s"}\n';
    expect(parseLogText(lines).map((r) => r.eventName)).toEqual(['A', 'B']);
  });

  it.each([
    ['', /empty file/],
    ['{"Records":[{"eventName":"A"}', /truncated or invalid JSON/],
    ['{"foo": 1}', /not a CloudTrail log file/],
    ['{"Records":[1,2]}', /record 1 is not an object/],
    ['{"eventName":"A","eventSource":"s"}\n{"eventName":', /invalid JSON on line 2/],
  ])('rejects %j with a reason', (text, reason) => {
    expect(() => parseLogText(text)).toThrow(reason);
  });
});
