// Per-key token buckets: `count` requests per `windowMs`, refilled continuously; in-process memory only.

export interface RateLimit {
  count: number;
  windowMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly limit: RateLimit, private readonly maxEntries = 100_000) {}

  /** Takes one request from the key's bucket; when empty, says how long until the next one is allowed. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const { count, windowMs } = this.limit;
    const bucket = this.buckets.get(key) ?? { tokens: count, at: nowMs };
    // A clock that went back refills nothing rather than taking tokens away.
    bucket.tokens = Math.min(count, bucket.tokens + (Math.max(0, nowMs - bucket.at) * count) / windowMs);
    bucket.at = nowMs;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxEntries) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * windowMs) / count) };
  }
}

/** "100" (per second), "100/s", "6000/m", "6000/60s", "100000/h". */
export function parseRateLimit(text: string): RateLimit | undefined {
  const m = /^(\d{1,9})(?:\/(\d{0,6})(s|m|h))?$/.exec(text.trim());
  if (!m) return undefined;
  const count = Number(m[1]);
  const units = m[2] ? Number(m[2]) : 1;
  const unitMs = m[3] === 'h' ? 3_600_000 : m[3] === 'm' ? 60_000 : 1000;
  if (count < 1 || units < 1) return undefined;
  return { count, windowMs: units * unitMs };
}
