// Reads signing-vector files (signing.md §7) and verifies one vector, for the CLI `signature verify` command.
import { parseSdkDate } from './sdk-date.js';
import type { V11Scope, VerifyFailureReason } from './types.js';
import { verifyRequest } from './verify.js';

export type VectorExpectation =
  | 'valid' | 'invalid' | 'valid-only-with-node-legacy-path' | 'valid-only-with-java-query-quirk';

export interface SigningVector {
  id: string;
  source?: string;
  description?: string;
  algorithm?: string;
  access_key: string;
  secret_key: string;
  v11_scope: V11Scope | null;
  /** the server clock to verify at, YYYYMMDDTHHMMSSZ */
  now: string;
  request: { method: string; target: string; headers: Array<[string, string]>; body_base64: string };
  expect?: VectorExpectation;
}

export interface VectorSwitches {
  nodeLegacyPath?: boolean;
  javaQueryQuirk?: boolean;
}

export interface VectorOutcome {
  id: string;
  valid: boolean;
  reason: VerifyFailureReason | null;
  canonical_request: string | null;
}

const EXPECTATIONS = new Set(['valid', 'invalid', 'valid-only-with-node-legacy-path', 'valid-only-with-java-query-quirk']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function requireString(o: Obj, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== 'string') throw new Error(`${where}: "${field}" must be a string`);
  return v;
}

function readScope(raw: unknown, where: string): V11Scope | null {
  if (raw === null || raw === undefined) return null;
  if (!isObj(raw)) throw new Error(`${where}: "v11_scope" must be null or {"region","service"}`);
  return { region: requireString(raw, 'region', `${where} v11_scope`), service: requireString(raw, 'service', `${where} v11_scope`) };
}

function readHeaders(raw: unknown, where: string): Array<[string, string]> {
  const ok = Array.isArray(raw) && raw.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === 'string'));
  if (!ok) throw new Error(`${where}: "request.headers" must be an array of [name, value] string pairs`);
  return (raw as Array<[string, string]>).map(([n, v]) => [n, v]);
}

function readRequest(raw: unknown, where: string): SigningVector['request'] {
  if (!isObj(raw)) throw new Error(`${where}: "request" must be an object`);
  const body = raw.body_base64 === undefined ? '' : requireString(raw, 'body_base64', where);
  if (!BASE64.test(body)) throw new Error(`${where}: "request.body_base64" is not valid base64`);
  return {
    method: requireString(raw, 'method', `${where} request`),
    target: requireString(raw, 'target', `${where} request`),
    headers: readHeaders(raw.headers, where),
    body_base64: body,
  };
}

function readVector(raw: unknown, index: number): SigningVector {
  let where = `vector ${index}`;
  if (!isObj(raw)) throw new Error(`${where}: must be an object`);
  const id = requireString(raw, 'id', where);
  where = `vector ${index} (${id})`;
  const now = requireString(raw, 'now', where);
  if (parseSdkDate(now) === undefined) throw new Error(`${where}: "now" must be a UTC time like 20261126T123451Z`);
  if (raw.expect !== undefined && !EXPECTATIONS.has(raw.expect as string)) {
    throw new Error(`${where}: "expect" must be one of ${[...EXPECTATIONS].join(', ')}`);
  }
  const vector: SigningVector = {
    id,
    access_key: requireString(raw, 'access_key', where),
    secret_key: requireString(raw, 'secret_key', where),
    v11_scope: readScope(raw.v11_scope, where),
    now,
    request: readRequest(raw.request, where),
  };
  for (const field of ['source', 'description', 'algorithm'] as const) {
    if (typeof raw[field] === 'string') vector[field] = raw[field];
  }
  if (raw.expect !== undefined) vector.expect = raw.expect as VectorExpectation;
  return vector;
}

/** Accepts one vector object, {"vectors": [...]} or a bare array; throws an Error naming the bad field. */
export function readVectors(jsonText: string): SigningVector[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (err) {
    throw new Error(`signing vectors: not valid JSON (${(err as Error).message})`);
  }
  const list = Array.isArray(parsed) ? parsed : isObj(parsed) && 'vectors' in parsed ? parsed.vectors : [parsed];
  if (!Array.isArray(list)) throw new Error('signing vectors: "vectors" must be an array');
  if (list.length === 0) throw new Error('signing vectors: no vectors found');
  return list.map(readVector);
}

/** Verifies a vector at its own `now`, with its own credentials and V11 scope. */
export async function verifyVector(v: SigningVector, switches: VectorSwitches): Promise<VectorOutcome> {
  const result = await verifyRequest(
    { method: v.request.method, target: v.request.target, headers: v.request.headers, body: Buffer.from(v.request.body_base64, 'base64') },
    async (ak) => (ak === v.access_key ? v.secret_key : undefined),
    {
      now: new Date(parseSdkDate(v.now) ?? Number.NaN),
      v11Scopes: v.v11_scope ? [v.v11_scope] : [],
      nodeLegacyPath: switches.nodeLegacyPath === true,
      javaQueryQuirk: switches.javaQueryQuirk === true,
    },
  );
  return {
    id: v.id,
    valid: result.ok,
    reason: result.ok ? null : result.reason,
    canonical_request: result.canonicalRequest ?? null,
  };
}
