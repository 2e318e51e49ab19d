// Reads a multi-value query parameter the MetaStudio way: comma-separated, repeatable, blanks ignored.
import { invalidParameter } from './errors.js';

const MAX_ITEMS = 100;

/** `a,b` and `a&x=b` both give [a, b]; whitespace around items is dropped; an empty value means no filter. */
export function parseListParam(value: string | string[] | undefined, name: string): string[] {
  if (value === undefined) return [];
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
  const items = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
  if (items.length > MAX_ITEMS) throw invalidParameter(`${name}: at most ${MAX_ITEMS} values are allowed`);
  return items;
}
