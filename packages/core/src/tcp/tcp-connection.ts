import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { toBuffer, type Payload } from '../framing/framer.js';

type PauseReason = 'backpressure' | 'busy' | 'user';

/**
 * One accepted socket: writes with backpressure (reading pauses while the socket cannot drain) and
 * a pause ledger so a slow handler and a slow reader never resume each other's pause.
 */
export class TcpConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Free per-connection state for the protocol layered on top. */
  readonly state = new Map<string, unknown>();
  private readonly pauses = new Set<PauseReason>();
  private closedFlag = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly logger: Logger,
  ) {
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    socket.on('drain', () => this.resumeFor('backpressure'));
    socket.once('close', () => {
      this.closedFlag = true;
    });
  }

  /** True once the socket can no longer be written. */
  get closed(): boolean {
    return this.closedFlag || this.socket.destroyed || !this.socket.writable;
  }

  /** Writes bytes (strings are latin-1). Returns false when the kernel buffer is full; reading pauses until it drains. */
  send(payload: Payload): boolean {
    if (this.closed) return false;
    const ok = this.socket.write(toBuffer(payload));
    if (!ok) this.pauseFor('backpressure');
    return ok;
  }

  /** Half-closes after flushing what was written (optionally one last payload). */
  end(payload?: Payload): void {
    if (this.closed) return;
    if (payload !== undefined) this.socket.end(toBuffer(payload));
    else this.socket.end();
  }

  /** Closes at once; pending writes are lost. */
  destroy(error?: Error): void {
    this.socket.destroy(error);
  }

  /** Stops reading from this connection until {@link resume}. */
  pause(): void {
    this.pauseFor('user');
  }

  resume(): void {
    this.resumeFor('user');
  }

  /** @internal */
  pauseFor(reason: PauseReason): void {
    if (this.pauses.size === 0) this.socket.pause();
    this.pauses.add(reason);
  }

  /** @internal */
  resumeFor(reason: PauseReason): void {
    if (!this.pauses.delete(reason)) return;
    if (this.pauses.size === 0 && !this.socket.destroyed) this.socket.resume();
  }
}
