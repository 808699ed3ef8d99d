import { NameAutomaton, NameSkipSearch } from '../../../src/activity/scan/names.js';

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

/** Every position where some name starts, whole in the text, by the skip search. */
function starts(names: string[], text: string, to = Buffer.byteLength(text)): number[] {
  const search = new NameSkipSearch(names);
  const bytes = Buffer.from(text);
  const out: number[] = [];
  for (let at = search.find(bytes, 0, to); at !== -1; at = search.find(bytes, at + 1, to)) {
    out.push(at);
  }
  return out;
}

/** The same, by brute force. */
function expectedStarts(names: string[], text: string, to = text.length): number[] {
  const out = new Set<number>();
  for (const name of names) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
      if (at + name.length <= to) out.add(at);
    }
  }
  return [...out].sort((a, b) => a - b);
}

describe('NameSkipSearch', () => {
  it.each([
    [
      ['orders-api', 'fleet-01', 'fleet-02'],
      '{"arn":"x:role/service/fleet-02"},{"a":"orders-api/s"}',
    ],
    // A name that is a prefix of another, names overlapping one another, at the very end.
    [['deploy', 'deploy-bot', 'bot-x'], 'user/ops/deploy-bot-x deploy bo deploy'],
    [['abab', 'bab', 'ab'], 'xababababbabxab'],
    [['fleet-01', 'fleet-010', 'leet'], 'fleet-0fleet-01fleet-010'],
    [[',,', 'x,y'], '},{ x,y ,,,'],
    [['AWSReservedSSO_DataAnalyst_', 'AWSReservedSSO_Data_'], 'role/AWSReservedSSO_DataAnalyst_0f'],
  ])('finds where each of %j starts in %s', (names, text) => {
    expect(starts(names, text)).toEqual(expectedStarts(names, text));
  });

  it('finds only names that end before the end it is given', () => {
    const text = 'fleet-01 fleet-02';
    expect(starts(['fleet-01', 'fleet-02'], text, 16)).toEqual([0]);
    expect(starts(['fleet-01', 'fleet-02'], text, 17)).toEqual([0, 9]);
    expect(new NameSkipSearch(['fleet-02']).find(Buffer.from(text), 1, 17)).toBe(9);
  });

  it('caps its window at 255 bytes for longer names', () => {
    const long = 'x'.repeat(300);
    const search = new NameSkipSearch([`${long}a`, `${long}b`]);
    expect(search.window).toBe(255);
    const text = Buffer.from(`${long}c ${long}b`);
    expect(search.find(text, 0, text.length)).toBe(302);
  });

  it('agrees with brute force on random names and texts', () => {
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'ab-,{';
    const word = (length: number): string =>
      Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 500; round++) {
      const names = Array.from({ length: 1 + random(8) }, () => word(2 + random(6)));
      const text = word(120);
      const to = random(121);
      expect(starts(names, text, to)).toEqual(expectedStarts(names, text, to));
    }
  });
});
