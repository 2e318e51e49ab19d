// Public surface of AK/SK request signing: verifier, signer and vector-file support.
export type {
  ParsedAuthorization, SecretLookup, SigningAlgorithm, V11Scope, VerifyFailureReason, VerifyOptions, VerifyResult, WireRequest,
} from './types.js';
export { parseAuthorization } from './authorization-header.js';
export { verifyRequest } from './verify.js';
export { type SignInput, signRequest } from './sign.js';
export { type SigningVector, type VectorOutcome, type VectorSwitches, readVectors, verifyVector } from './vectors.js';
