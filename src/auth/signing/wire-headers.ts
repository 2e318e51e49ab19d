// Header lookup over raw wire pairs and the canonical header block (signing.md §2, §3 "Header values").
import { isUtf8 } from 'node:buffer';

/** Lower-cased header name to every value received under it, in order. */
export type HeaderIndex = Map<string, string[]>;

export function indexHeaders(pairs: ReadonlyArray<readonly [string, string]>): HeaderIndex {
  const index: HeaderIndex = new Map();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const values = index.get(key);
    if (values) values.push(value);
    else index.set(key, [value]);
  }
  return index;
}

/**
 * Node's parser hands header bytes over as latin-1; re-read them as UTF-8 (what Python signs).
 * A string with characters above U+00FF, or whose bytes are not UTF-8, was not UTF-8 on the wire
 * and is left alone.
 */
export function rereadAsUtf8(value: string): string {
  let high = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return value;
    if (c >= 0x80) high = true;
  }
  if (!high) return value;
  const bytes = Buffer.from(value, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : value;
}

/** The value as signed: UTF-8 re-read first, then trimmed (trimming first could cut a UTF-8 byte 0xA0). */
export function canonicalHeaderValue(raw: string): string {
  return rereadAsUtf8(raw).trim();
}

export type HeaderBlockResult =
  | { ok: true; block: string; values: Map<string, string> }
  | { ok: false; problem: 'missing' | 'duplicated'; name: string };

/**
 * "name:value\n" for each signed header in the listed order. A listed header that is absent fails;
 * one received more than once fails too, because Node would merge or drop the copies before the app
 * sees them, so the signed value and the used value could differ.
 */
export function buildHeaderBlock(signedNames: readonly string[], index: HeaderIndex): HeaderBlockResult {
  let block = '';
  const values = new Map<string, string>();
  for (const name of signedNames) {
    const lower = name.toLowerCase();
    const received = index.get(lower);
    if (!received) return { ok: false, problem: 'missing', name: lower };
    if (received.length > 1) return { ok: false, problem: 'duplicated', name: lower };
    const value = canonicalHeaderValue(received[0]!);
    values.set(lower, value);
    block += name + ':' + value + '\n';
  }
  return { ok: true, block, values };
}
