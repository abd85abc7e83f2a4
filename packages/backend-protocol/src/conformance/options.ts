import { DEFAULT_PROTOCOL_VERSION, type ProtocolVersion } from '../protocol-version.js';
import type { CheckContext, ConformanceGroup } from './vectors.js';

/** A server started for the suite; `stop` (or `close`) shuts it down. */
export interface StartedBackend {
  host: string;
  port: number;
  stop?(): Promise<void>;
  close?(): Promise<void>;
}

/** A running backend, or a factory of fresh ones (required by the `simulator` group). */
export type ConformanceTarget = { host: string; port: number } | { start(): Promise<StartedBackend> };

export interface ConformanceOptions {
  /** The version the backend serves. Default `'1.4'`. */
  protocolVersion?: ProtocolVersion;
  /** Groups to run. Default: framing, grammar, commands, robustness, plus simulator when the target has `start`. */
  groups?: readonly ConformanceGroup[];
  /**
   * `'exact'` (default) compares whole lines; `'code'` only reply names and codes, and skips the rows where the
   * reference deliberately differs (invalid UTF-8, a split CRLF after a 16384-byte line, 1000 connections), so the
   * original Python server, or a backend that behaves like it, passes.
   */
  texts?: 'exact' | 'code';
  /** Per-test timeout, ms. Default 10000. */
  timeoutMs?: number;
  /** Multiplies the delays of timed start/stop rows (slow backends). Default 1. */
  timeScale?: number;
  /** Allowed clock difference for NOW, seconds. Default 0.5. */
  clockToleranceS?: number;
  /** Connections of D-BACKEND-ROW-59. Default 1000 (needs a soft fd limit above ~2100 when the server runs in-process). */
  concurrentConnections?: number;
}

export const DEFAULT_GROUPS: readonly ConformanceGroup[] = ['framing', 'grammar', 'commands', 'robustness'];

/** The options with every default filled in, as the test groups read them. */
export interface ResolvedOptions {
  version: ProtocolVersion;
  texts: 'exact' | 'code';
  timeoutMs: number;
  timeScale: number;
  context: CheckContext;
  connections: number;
}

export function resolveOptions(options: ConformanceOptions): ResolvedOptions {
  return {
    version: options.protocolVersion ?? DEFAULT_PROTOCOL_VERSION,
    texts: options.texts ?? 'exact',
    timeoutMs: options.timeoutMs ?? 10000,
    timeScale: options.timeScale ?? 1,
    context: { clockToleranceS: options.clockToleranceS ?? 0.5 },
    connections: options.concurrentConnections ?? 1000,
  };
}
