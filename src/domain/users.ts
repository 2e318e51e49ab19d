// Users as IAM has them: name and password rules, and the domain a user belongs to (default: its project's).
import crypto from 'node:crypto';
import { invalidParameter } from './errors.js';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const userRoles = ['tenant', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

// IAM user names: letters, digits, '.', '_', '-', not starting with a digit; we keep them free of spaces.
const USER_NAME = /^[A-Za-z_][A-Za-z0-9._-]{0,63}$/;
const DOMAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

export function checkUserName(name: string): string {
  if (!USER_NAME.test(name)) throw invalidParameter(`name: '${name}' must be 1-64 letters, digits, '.', '_' or '-', not starting with a digit or '.'`);
  return name;
}

export function checkDomainName(name: string): string {
  if (!DOMAIN_NAME.test(name)) throw invalidParameter(`domain: '${name}' must be 1-64 letters, digits, '.', '_' or '-'`);
  return name;
}

export function checkUserRole(role: string | undefined): UserRole {
  const r = role ?? 'tenant';
  if (!(userRoles as readonly string[]).includes(r)) throw invalidParameter(`role: '${r}' is not one of ${userRoles.join(', ')}`);
  return r as UserRole;
}

/** Never echoes the password itself. */
export function checkPassword(password: string): string {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw invalidParameter(`password: must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
  }
  // Control characters are almost always a pasting accident (a stray newline), never a deliberate choice.
  if (/[\x00-\x1f\x7f]/.test(password)) throw invalidParameter('password: must not contain control characters');
  return password;
}

/** A domain's id follows from its name, so every instance and import agrees on it without a domains table. */
export function domainIdFor(domainName: string): string {
  return crypto.createHash('sha256').update(`tenant-ledger domain\0${domainName}`).digest('hex').slice(0, 32);
}

export function newUserId(): string {
  return crypto.randomBytes(16).toString('hex');
}
