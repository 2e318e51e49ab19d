// Finds the master key: LEDGER_MASTER_KEY, or a key file kept beside the embedded database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError } from '../domain/errors.js';

export interface MasterKey {
  key: Buffer;
  source: 'environment' | 'existing-file' | 'new-file';
  file?: string;
}

/** Accepts 64 hex characters or base64 of exactly 32 bytes. */
export function parseMasterKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new LedgerError('CONFIG_INVALID', `${origin}: the master key must be 64 hex characters or base64 of 32 bytes`);
  }
  return key;
}

export function loadMasterKey(envValue: string | undefined, keyFile: string | undefined): MasterKey {
  if (envValue !== undefined && envValue !== '') return { key: parseMasterKey(envValue, 'LEDGER_MASTER_KEY'), source: 'environment' };
  if (!keyFile) {
    throw new LedgerError('CONFIG_INVALID', 'LEDGER_MASTER_KEY is required for this database (no key file can be kept beside it)');
  }
  if (fs.existsSync(keyFile)) {
    return { key: parseMasterKey(fs.readFileSync(keyFile, 'utf8'), keyFile), source: 'existing-file', file: keyFile };
  }
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  const key = crypto.randomBytes(32);
  // 'wx' fails if another process created the file first; then use theirs.
  try {
    fs.writeFileSync(keyFile, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { key: parseMasterKey(fs.readFileSync(keyFile, 'utf8'), keyFile), source: 'existing-file', file: keyFile };
  }
  return { key, source: 'new-file', file: keyFile };
}
