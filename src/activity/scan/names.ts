/**
 * Finding many names in a file's bytes in one pass. `Buffer.indexOf` is native and fast for
 * one name, but a fleet's ten or a hundred names would each take their own pass over every
 * byte: an Aho–Corasick automaton takes one, whatever their number.
 */

/**
 * The names as a deterministic automaton over bytes: `next[state * 256 + byte]` is the state
 * after a byte, and `final[state]` is 1 when some name ends there. State 0 is the start.
 */
export class NameAutomaton {
  readonly next: Uint16Array | Uint32Array;
  readonly final: Uint8Array;

  constructor(names: readonly string[]) {
    const trie = [new Map<number, number>()];
    const ends: boolean[] = [false];
    for (const name of names) {
      let state = 0;
      for (const byte of Buffer.from(name)) {
        let child = trie[state]!.get(byte);
        if (child === undefined) {
          child = trie.length;
          trie.push(new Map<number, number>());
          ends.push(false);
          trie[state]!.set(byte, child);
        }
        state = child;
      }
      ends[state] = true;
    }
    const states = trie.length;
    this.next = states < 0x10000 ? new Uint16Array(states * 256) : new Uint32Array(states * 256);
    this.final = new Uint8Array(states);
    this.complete(trie, ends);
  }

  /** Fills in every transition, breadth first: a missing one follows the failure link's. */
  private complete(trie: Map<number, number>[], ends: boolean[]): void {
    const { next, final } = this;
    const fail = new Int32Array(trie.length);
    const queue: number[] = [];
    for (const [byte, child] of trie[0]!) {
      next[byte] = child;
      queue.push(child);
    }
    final[0] = ends[0] ? 1 : 0;
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      final[state] = ends[state] || final[fail[state]!] === 1 ? 1 : 0;
      for (let byte = 0; byte < 256; byte++) {
        const child = trie[state]!.get(byte);
        const viaFailure = next[fail[state]! * 256 + byte]!;
        if (child === undefined) {
          next[state * 256 + byte] = viaFailure;
        } else {
          next[state * 256 + byte] = child;
          fail[child] = viaFailure;
          queue.push(child);
        }
      }
    }
  }
}
