import { NameAutomaton } from '../../../src/activity/scan/names.js';

/** Every position where some name ends, by running the automaton over the text. */
function ends(names: string[], text: string): number[] {
  const { next, final } = new NameAutomaton(names);
  const bytes = Buffer.from(text);
  const out: number[] = [];
  let state = 0;
  for (let p = 0; p < bytes.length; p++) {
    state = next[(state << 8) | bytes[p]!]!;
    if (final[state] === 1) out.push(p);
  }
  return out;
}

/** The same, by brute force. */
function expected(names: string[], text: string): number[] {
  const out = new Set<number>();
  for (const name of names) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
      out.add(at + name.length - 1);
    }
  }
  return [...out].sort((a, b) => a - b);
}

describe('NameAutomaton', () => {
  it.each([
    [
      ['orders-api', 'fleet-01', 'fleet-02'],
      '{"arn":"x:role/service/fleet-02"},{"a":"orders-api/s"}',
    ],
    // Names inside, around and overlapping one another.
    [['ab', 'b', 'bab', 'abab'], 'xababababbabx'],
    [['a', 'aa', 'aaa'], 'aaaa b aa'],
    [[',', 'x,y'], '},{ x,y ,'],
    [['deploy', 'deploy-bot', 'bot'], 'user/ops/deploy-bot deploy bo bot'],
  ])('finds every end of %j in %s', (names, text) => {
    expect(ends(names, text)).toEqual(expected(names, text));
  });

  it('agrees with brute force on random names and texts', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'ab-,{';
    const word = (length: number): string =>
      Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const names = Array.from({ length: 1 + random(6) }, () => word(1 + random(4)));
      const text = word(60);
      expect(ends(names, text)).toEqual(expected(names, text));
    }
  });
});
