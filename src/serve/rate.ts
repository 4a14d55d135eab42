/**
 * Per-caller rate limits: a token bucket per caller id, `perMinute` tokens refilled evenly over a minute, at most
 * `perMinute` held. One instance per server (no module-level state).
 * Anonymous callers share one bucket, so the map holds at most one bucket per key of the keys file and one more.
 */
export type Take = { ok: true } | { ok: false; retryAfter: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Take one token from `id`'s bucket at time `now` (ms); retryAfter is whole seconds until one is there. */
  take(id: string, perMinute: number, now: number): Take {
    const rate = perMinute / 60_000;
    const b = this.buckets.get(id) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(id, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
  }
}
