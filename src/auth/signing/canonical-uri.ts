// Canonical URI from the raw request path, plus the decoded-slash and Node-legacy variants (signing.md §2, §3).
import { PERCENT_HEX, canonicalComponent, encodeByte, encodeBytes, percentDecode } from './encoding.js';

/** Splits a raw request-target into path and query without normalising either. */
export function splitTarget(target: string): { path: string; query: string } {
  let rest = target;
  // absolute-form (sent to proxies): the authority is not part of the signed path
  if (!rest.startsWith('/')) {
    const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
    if (m) rest = rest.slice(m[0].length);
  }
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  return { path: path === '' ? '/' : path, query: q < 0 ? '' : rest.slice(q + 1) };
}

function withTrailingSlash(uri: string): string {
  return uri.endsWith('/') ? uri : uri + '/';
}

function isPlainPath(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    const plain =
      (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
      c === 0x2f || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e;
    if (!plain) return false;
  }
  return true;
}

/** Each segment decoded and re-encoded, joined with '/', always ending in '/'. No dot or '//' handling, on purpose. */
export function canonicalUri(path: string): string {
  if (isPlainPath(path)) return withTrailingSlash(path);
  return withTrailingSlash(
    path
      .split('/')
      .map((segment) => canonicalComponent(segment, false))
      .join('/'),
  );
}

/** Splits decoded bytes on '/' (0x2F) and encodes each piece. */
function encodeSplitOnSlash(bytes: Buffer): string {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x2f) {
      pieces.push(encodeBytes(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  return pieces.join('/');
}

/**
 * Python sends a '/' inside a path parameter as %2F but signs a literal '/': decode the whole path
 * before splitting. Undefined when the path has no %2F, because the variant would equal the standard URI.
 */
export function decodedSlashUri(path: string): string | undefined {
  if (!/%2f/i.test(path)) return undefined;
  return withTrailingSlash(encodeSplitOnSlash(percentDecode(path, false)));
}

/** Bytes Node's legacy url.parse() auto-escapes; the Node SDK then escapes the '%' again. */
const NODE_AUTO_ESCAPED = new Set([0x09, 0x0a, 0x0d, 0x20, 0x22, 0x27, 0x3c, 0x3e, 0x5c, 0x5e, 0x60, 0x7b, 0x7c, 0x7d]);

function encodeNodeLegacySegment(segment: string): { text: string; doubled: boolean } {
  const bytes = percentDecode(segment, false);
  let text = '';
  let doubled = false;
  for (const b of bytes) {
    if (NODE_AUTO_ESCAPED.has(b)) {
      text += '%25' + PERCENT_HEX[b]!.slice(1);
      doubled = true;
    } else {
      text += encodeByte(b);
    }
  }
  return { text, doubled };
}

/**
 * The Node SDK's double-encoded path (an SDK bug, accepted only when opted in). Undefined when
 * no byte would be double-encoded, because the variant would equal the standard URI.
 */
export function nodeLegacyUri(path: string): string | undefined {
  let any = false;
  const segments = path.split('/').map((segment) => {
    const { text, doubled } = encodeNodeLegacySegment(segment);
    any ||= doubled;
    return text;
  });
  return any ? withTrailingSlash(segments.join('/')) : undefined;
}
