import { execFileSync } from 'node:child_process';

/** The soft limit of open files of this process (`ulimit -n`); Infinity when unlimited. */
export function softFdLimit(): number {
  const text = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return text === 'unlimited' ? Infinity : Number(text);
}

/**
 * How many connections an in-process client+server test can open: 1000 when the limit allows both
 * ends (2 fds each) plus headroom, fewer otherwise. `tests/concurrency.test.ts` always runs the full
 * 1000 in child processes with a raised limit.
 */
export function inProcessConnections(): number {
  const limit = softFdLimit();
  return limit >= 2300 ? 1000 : Math.max(50, Math.floor((limit - 300) / 2));
}
