/** `1 action`, `2 actions`: the count and the word in its number. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
