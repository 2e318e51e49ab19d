// Percent-decoding and the RFC 3986 "unreserved" re-encoding used for path segments and query parts (signing.md §2).

/** 1 for the bytes left as they are: A-Z a-z 0-9 - _ . ~ */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9\-_.~]/.test(ch)) UNRESERVED[c] = 1;
}

/** "%00".."%FF", upper-case hex as every SDK emits it. */
export const PERCENT_HEX: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'),
);

/** True when `s` consists only of unreserved characters, so decoding and re-encoding would leave it unchanged. */
export function isUnreservedOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || UNRESERVED[c] === 0) return false;
  }
  return true;
}

/** Percent-encodes one byte unless it is unreserved ASCII. */
export function encodeByte(b: number): string {
  return b < 128 && UNRESERVED[b] === 1 ? String.fromCharCode(b) : PERCENT_HEX[b]!;
}

/** Percent-encodes raw bytes, leaving only unreserved ASCII as is. */
export function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += encodeByte(bytes[i]!);
  return out;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/**
 * Decodes %XX escapes to bytes. A '%' not followed by two hex digits stays a literal '%'
 * (lenient like Python's unquote), and literal characters contribute their UTF-8 bytes.
 */
export function percentDecode(s: string, plusAsSpace: boolean): Buffer {
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1]!);
      const lo = hexValue(src[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = b === 0x2b && plusAsSpace ? 0x20 : b;
  }
  return out.subarray(0, n);
}

/** Decodes then re-encodes one path segment or query part into its canonical form. */
export function canonicalComponent(s: string, plusAsSpace: boolean): string {
  // Most components are plain identifiers; skip the byte round trip for them.
  if (isUnreservedOnly(s)) return s;
  return encodeBytes(percentDecode(s, plusAsSpace));
}
