/**
 * A set of event IDs that keeps 8 bytes per ID (two 32-bit hashes, open addressing) instead of
 * the string, so de-duplicating a role's records costs little memory even over millions of
 * records. Two different IDs would have to collide on 64 bits to be mistaken for one another.
 */
export class EventIdSet {
  private table = new Uint32Array(2 * 1024);
  private used = 0;

  /** Adds the ID; returns false when it was already there. */
  add(id: string): boolean {
    const [h1, h2] = hash(id);
    if (this.used * 2 >= this.table.length / 2) this.grow();
    return this.insert(h1, h2);
  }

  get size(): number {
    return this.used;
  }

  /** IDs the table has room for before it grows. */
  get capacity(): number {
    return this.table.length / 4;
  }

  /** Empties the set, keeping its table for the next IDs (no new memory to ask for). */
  clear(): void {
    this.table.fill(0);
    this.used = 0;
  }

  private insert(h1: number, h2: number): boolean {
    const slots = this.table.length / 2;
    let slot = h1 % slots;
    for (;;) {
      const a = this.table[2 * slot]!;
      const b = this.table[2 * slot + 1]!;
      if (a === 0 && b === 0) {
        this.table[2 * slot] = h1;
        this.table[2 * slot + 1] = h2;
        this.used++;
        return true;
      }
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) % slots;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
    }
  }
}

/** Two independent 32-bit FNV-1a style hashes; (0, 0) is reserved for empty slots. */
function hash(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 >>>= 0;
  h2 >>>= 0;
  if (h1 === 0 && h2 === 0) h1 = 1;
  return [h1, h2];
}
