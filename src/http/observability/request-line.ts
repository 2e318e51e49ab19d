// The per-request log line as pino would write it, assembled from the logger's own pieces without its generic call path.
import pino from 'pino';

/** The fields of the request line, in the order they appear. */
export interface RequestLineFields {
  request_id: string;
  route: string | null;
  method: string;
  project_id: string | null;
  access_key_id: string | null;
  status: number;
  duration_ms: number;
  error_code: string | null;
  auth_failure: string | null;
}

const {
  chindingsSym, endSym, lsCacheSym, streamSym, timeSym, formattersSym, serializersSym, stringifiersSym, mixinSym,
  nestedKeySym, hooksSym, wildcardFirstSym, messageKeySym,
} = pino.symbols;
const KEYS: ReadonlyArray<keyof RequestLineFields | 'msg'> = [
  'request_id', 'route', 'method', 'project_id', 'access_key_id', 'status', 'duration_ms', 'error_code', 'auth_failure', 'msg',
];

type Internals = Record<symbol, unknown>;

/** JSON text of a string exactly as pino writes a string value (quotes and backslashes escaped; control characters by JSON.stringify). */
function jsonString(text: string): string {
  if (text.length > 100) return JSON.stringify(text);
  let escaped = '';
  let last = 0;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32) return JSON.stringify(text);
    if (code === 34 || code === 92) {
      escaped += `${text.slice(last, i)}\\`;
      last = i;
      found = true;
    }
  }
  return `"${found ? escaped + text.slice(last) : text}"`;
}

const orNull = (text: string | null): string => (text === null ? 'null' : jsonString(text));
const number = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/**
 * A writer of the request line for `log` (a pino logger): the same text `log.info(fields, 'request')` writes, built
 * from the logger's level prefix, time, bindings and line end. pino's generic path (mixins, hooks, serializers,
 * a key-by-key walk) cost about a tenth of a cached resources-usage read; these fields need none of it. A logger
 * that uses any of those features gets `log.info` itself, so the line can never differ from pino's.
 */
export function requestLineWriter(log: pino.Logger): (fields: RequestLineFields) => void {
  const own = log as unknown as Internals;
  const formatters = own[formattersSym] as { log?: unknown } | undefined;
  const hooks = own[hooksSym] as { logMethod?: unknown; streamWrite?: unknown } | undefined;
  // pino's default serializer of `err` does not touch these keys; one for any of them (or a redaction's stringifier) would.
  const serializers = (own[serializersSym] ?? {}) as Record<string, unknown>;
  const stringifiers = (own[stringifiersSym] ?? {}) as Record<string | symbol, unknown>;
  const plain = !formatters?.log && own[mixinSym] === undefined && !own[nestedKeySym] && !hooks?.logMethod
    && !hooks?.streamWrite && own[messageKeySym] === 'msg' && stringifiers[wildcardFirstSym] === undefined
    && KEYS.every((key) => serializers[key] === undefined && stringifiers[key] === undefined);
  if (!plain) return (fields) => log.info(fields, 'request');
  const level = log.levels.values.info!;
  const stream = own[streamSym] as { write(line: string): void };
  return (f) => {
    if (!log.isLevelEnabled('info')) return;
    const time = (own[timeSym] as () => string)();
    const levelPrefix = (own[lsCacheSym] as Record<number, string>)[level]!;
    stream.write(`${levelPrefix}${time}${own[chindingsSym] as string}`
      + `,"request_id":${jsonString(f.request_id)},"route":${orNull(f.route)},"method":${jsonString(f.method)}`
      + `,"project_id":${orNull(f.project_id)},"access_key_id":${orNull(f.access_key_id)},"status":${number(f.status)}`
      + `,"duration_ms":${number(f.duration_ms)},"error_code":${orNull(f.error_code)},"auth_failure":${orNull(f.auth_failure)}`
      + `,"msg":"request"${own[endSym] as string}`);
  };
}
