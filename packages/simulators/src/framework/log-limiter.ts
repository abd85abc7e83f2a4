import type { Logger } from '@observatory/core';

export interface LogLimiterOptions {
  /** Lines allowed per window. Default 20. */
  lines?: number;
  /** Window length. Default 1000 ms. */
  windowMs?: number;
  /** Monotonic ms (tests inject their own). */
  now?: () => number;
}

/**
 * Bounds the log lines one connection (or one UDP row) can cause: at most `lines` per window, then lines
 * are counted instead of written, and the next allowed line is preceded by how many were suppressed. A
 * flood of junk must not turn into a flood of log (58 MB of log per 50 MB of fuzz before this).
 */
export class LogLimiter {
  private readonly lines: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart = -Infinity;
  private used = 0;
  private suppressed = 0;

  constructor(options: LogLimiterOptions = {}) {
    this.lines = options.lines ?? 20;
    this.windowMs = options.windowMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Lines not written so far (since the last summary). */
  get pending(): number {
    return this.suppressed;
  }

  /** Runs `write(logger)` when the budget allows; otherwise counts the line. */
  log(logger: Logger, write: (logger: Logger) => void): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.used = 0;
    }
    if (this.used >= this.lines) {
      this.suppressed += 1;
      return;
    }
    this.used += 1;
    if (this.suppressed > 0) {
      logger.warn({ suppressed: this.suppressed }, 'log lines suppressed (rate limit)');
      this.suppressed = 0;
    }
    write(logger);
  }
}
