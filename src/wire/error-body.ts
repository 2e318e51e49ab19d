// One table from ledger error codes to HTTP status and the MetaStudio / API-gateway error body.
import { Type } from '@sinclair/typebox';
import type { ErrorCode } from '../domain/errors.js';

/** The error body's schema, for the OpenAPI document; some errors add fields (available_quantity on quota). */
export const ErrorBody = Type.Object({
  error_code: Type.String({ description: 'MetaStudio (MSS.*) or API gateway (APIG.*) error code', examples: ['MSS.00000003'] }),
  error_msg: Type.String(),
  request_id: Type.Optional(Type.String({ description: 'gateway errors only, as Huawei\'s API gateway sends it' })),
}, { additionalProperties: true });

export interface WireError {
  status: number;
  errorCode: string;
  /** Gateway errors (APIG.*) also carry the request id in the body, as Huawei's gateway does. */
  gateway: boolean;
  summary: string;
}

const table: Record<ErrorCode, WireError> = {
  INVALID_PARAMETER: { status: 400, errorCode: 'MSS.00000003', gateway: false, summary: 'Invalid parameter' },
  INVALID_BODY: { status: 400, errorCode: 'MSS.00000002', gateway: false, summary: 'Invalid body' },
  MALFORMED_JSON: { status: 400, errorCode: 'MSS.10000002', gateway: false, summary: 'Request JSON exception' },
  NOT_FOUND: { status: 404, errorCode: 'MSS.00000004', gateway: false, summary: 'Resource not found' },
  ROUTE_NOT_FOUND: {
    status: 404, errorCode: 'APIGW.0101', gateway: false,
    summary: 'The API does not exist or has not been published in the environment.',
  },
  METHOD_NOT_ALLOWED: { status: 405, errorCode: 'APIG.0201', gateway: true, summary: 'Method not allowed' },
  UNAUTHENTICATED: { status: 401, errorCode: 'APIG.0301', gateway: true, summary: 'Incorrect IAM authentication information' },
  FORBIDDEN: { status: 403, errorCode: 'APIG.0302', gateway: true, summary: 'The IAM user is not authorized to access the API' },
  CONFLICT: { status: 409, errorCode: 'MSS.00000005', gateway: false, summary: 'Conflict' },
  QUOTA_INSUFFICIENT: { status: 409, errorCode: 'MSS.20010056', gateway: false, summary: 'quota insufficient' },
  PAYLOAD_TOO_LARGE: { status: 413, errorCode: 'APIG.0201', gateway: true, summary: 'Request entity too large' },
  URI_TOO_LONG: { status: 414, errorCode: 'APIG.0201', gateway: true, summary: 'Request-URI too large' },
  HEADERS_TOO_LARGE: { status: 431, errorCode: 'APIG.0201', gateway: true, summary: 'Request header fields too large' },
  RATE_LIMITED: { status: 429, errorCode: 'APIG.0308', gateway: true, summary: 'The throttling threshold has been reached' },
  UNAVAILABLE: { status: 503, errorCode: 'MSS.00000001', gateway: false, summary: 'Service temporarily unavailable' },
  CONFIG_INVALID: { status: 500, errorCode: 'MSS.00000001', gateway: false, summary: 'internal failure' },
};

export function wireError(code: ErrorCode): WireError {
  return table[code];
}

export const internalFailure: WireError = {
  status: 500, errorCode: 'MSS.00000001', gateway: false, summary: 'internal failure',
};

export function errorBody(err: WireError, detail: string | undefined, requestId: string): Record<string, string> {
  const error_msg = detail ? `${err.summary}: ${detail}` : err.summary;
  return err.gateway ? { error_code: err.errorCode, error_msg, request_id: requestId } : { error_code: err.errorCode, error_msg };
}
