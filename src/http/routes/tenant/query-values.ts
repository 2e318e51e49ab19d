// Reading single-valued query parameters: a repeated one is refused rather than silently picking a copy.
import { invalidParameter } from '../../../domain/errors.js';

export type QueryValue = string | string[] | undefined;

export function single(value: QueryValue, name: string): string | undefined {
  if (Array.isArray(value)) {
    if (value.length === 1) return value[0];
    throw invalidParameter(`${name}: given more than once`);
  }
  return value;
}
