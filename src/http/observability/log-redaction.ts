// What the JSON log must never show: the credentials a request or response carries in its headers.
const secretHeaders = ['authorization', '"x-auth-token"', '"x-subject-token"'];

/**
 * pino redact paths. Fastify's req/res serializers already drop headers; these catch anyone logging
 * `{ headers }` or `{ something: { headers } }` by hand (one level of wildcard keeps the cost per line small).
 */
export const redactedLogPaths: string[] = secretHeaders.flatMap((h) => {
  const key = h.startsWith('"') ? `[${h}]` : `.${h}`;
  return [`headers${key}`, `*.headers${key}`];
});
