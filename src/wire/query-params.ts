// Query parameters as they arrive (once or repeated), for the schemas of routes that parse them themselves.
import { Type } from '@sinclair/typebox';

/**
 * A MetaStudio list filter: comma-separated and/or repeated (`a,b` or `x=a&x=b`). Fastify's Ajv turns a single
 * value into a one-item array, and domain/list-param splits, trims and de-duplicates.
 */
export function queryList(description: string) {
  return Type.Optional(Type.Array(Type.String(), { description: `${description}; comma-separated and/or repeated` }));
}

/** A single-valued parameter; it is accepted repeated here so the route can refuse that with its own message. */
export function queryValue(description: string) {
  return Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description }));
}
