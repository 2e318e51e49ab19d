// Size limits on the request line and headers (414/431 with our error body), and security headers on HTML pages.
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { LedgerError } from '../domain/errors.js';
import { errorBody, wireError, type WireError } from '../wire/error-body.js';
import { newRequestId } from './request-id.js';

/** Request target (path and query) limit, as Huawei's gateway: 32 KB. */
export const MAX_URL_BYTES = 32 * 1024;
/** Header fields (names and values), the request line not counted. */
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * Node's own limit counts the request line and the headers together and refuses above it before Fastify
 * sees the request, so it is set just above ours: requests between are answered by checkRequestSize.
 */
export const NODE_MAX_HEADER_SIZE = MAX_URL_BYTES + MAX_HEADER_BYTES + 1024;

/** For the onRequest hook: 414 / 431 for what Node let through but our limits refuse, undefined when within them. */
export function requestSizeError(message: { url?: string; rawHeaders: string[] }): LedgerError | undefined {
  // Node hands the request target over as latin-1: one character per byte.
  if ((message.url ?? '').length > MAX_URL_BYTES) {
    return new LedgerError('URI_TOO_LONG', `the request target exceeds ${MAX_URL_BYTES} bytes`);
  }
  let size = 0;
  for (const part of message.rawHeaders) size += part.length + 2;
  if (size > MAX_HEADER_BYTES) return new LedgerError('HEADERS_TOO_LARGE', `the header fields exceed ${MAX_HEADER_BYTES} bytes`);
  return undefined;
}

const REQUEST_LINE = /^[A-Z]{3,10} /;

/** Which answer an HTTP parser error gets; the raw packet tells a huge request line from huge headers. */
function classify(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): { status: number; wire: WireError } {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const packet = err.rawPacket?.toString('latin1') ?? '';
    const lineEnd = packet.indexOf('\r\n');
    const lineLength = lineEnd < 0 ? packet.length : lineEnd;
    const code = REQUEST_LINE.test(packet) && lineLength > MAX_URL_BYTES ? 'URI_TOO_LONG' : 'HEADERS_TOO_LARGE';
    return { status: wireError(code).status, wire: wireError(code) };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, wire: { status: 408, errorCode: 'APIG.0201', gateway: true, summary: 'Request timeout' } };
  }
  return { status: 400, wire: { status: 400, errorCode: 'APIG.0201', gateway: true, summary: 'Bad request: malformed HTTP request' } };
}

const reasons: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/**
 * Fastify's clientErrorHandler: errors Node's HTTP parser raises before there is a request (header overflow,
 * garbage on the wire) get our error body and a request id instead of Node's or Fastify's own text.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, wire } = classify(err);
  const requestId = newRequestId();
  const body = JSON.stringify(errorBody(wire, undefined, requestId));
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // end() flushes the answer before closing, so the client reads it even while it is still sending.
  socket.end(`HTTP/1.1 ${status} ${reasons[status] ?? 'Bad Request'}\r\nContent-Type: application/json\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`, () => socket.destroy());
}

// For pages (console, docs): only this origin's scripts, no framing, no referrer, no sniffing. A route that
// sets its own Content-Security-Policy keeps it.
const DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HTML_HEADERS: Record<string, string> = {
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const HTML_TYPE = /^text\/html\b/i;

/** onSend: nosniff on every response; the page headers on text/html ones. A callback hook: no promise per response. */
export function securityHeaders(_request: FastifyRequest, reply: FastifyReply, _payload: unknown, done: HookHandlerDoneFunction): void {
  reply.header('x-content-type-options', 'nosniff');
  const type = reply.getHeader('content-type');
  if (type !== undefined && HTML_TYPE.test(String(type))) {
    for (const [name, value] of Object.entries(HTML_HEADERS)) reply.header(name, value);
    if (!reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', DEFAULT_CSP);
  }
  done();
}
