import type { Logger } from 'pino';
import { componentLogger } from '../logging/logger.js';
import { ExitCode } from './exit-codes.js';

/** Anything with an async close: servers, clients, child-process supervisors. */
export interface Closeable {
  close(): Promise<void> | void;
}

export interface ShutdownOptions {
  logger?: Logger;
  /** Force exit when closing takes longer; default 10000 ms. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Exit the process when done (default true; tests pass false). */
  exit?: boolean;
  /** Process to attach to (tests pass an emitter). */
  process?: Pick<NodeJS.Process, 'once' | 'off' | 'exit'>;
}

/**
 * Graceful shutdown for apps: resources register as they start and are closed in reverse order on
 * SIGINT/SIGTERM (or `shutdown()`); a second signal or the timeout forces exit with code 1.
 */
export class GracefulShutdown {
  private readonly resources: Array<{ name: string; resource: Closeable }> = [];
  private readonly log: Logger;
  private running: Promise<number> | undefined;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();
  private readonly proc: Pick<NodeJS.Process, 'once' | 'off' | 'exit'>;

  constructor(private readonly options: ShutdownOptions = {}) {
    this.log = componentLogger(options.logger, 'shutdown');
    this.proc = options.process ?? process;
  }

  /** Registers a resource; returns it for chaining (`const srv = shutdown.register('tcp', server)`). */
  register<T extends Closeable>(name: string, resource: T): T {
    this.resources.push({ name, resource });
    return resource;
  }

  /** Installs the signal handlers. */
  listen(): this {
    for (const signal of this.options.signals ?? (['SIGINT', 'SIGTERM'] as NodeJS.Signals[])) {
      const handler = () => {
        if (this.running) {
          this.log.warn({ signal }, 'second signal, forcing exit');
          this.proc.exit(ExitCode.Failure);
          return;
        }
        this.log.info({ signal }, 'shutting down');
        this.proc.once(signal, handler);
        void this.shutdown();
      };
      this.handlers.set(signal, handler);
      this.proc.once(signal, handler);
    }
    return this;
  }

  /** Closes everything in reverse registration order; resolves with the exit code (0, or 1 if any close failed). */
  shutdown(): Promise<number> {
    this.running ??= (async () => {
      const timeoutMs = this.options.timeoutMs ?? 10000;
      const timer = setTimeout(() => {
        this.log.error({ timeoutMs }, 'shutdown timed out, forcing exit');
        this.proc.exit(ExitCode.Failure);
      }, timeoutMs);
      timer.unref();
      let code: number = ExitCode.Ok;
      for (const { name, resource } of [...this.resources].reverse()) {
        try {
          await resource.close();
          this.log.debug({ resource: name }, 'closed');
        } catch (err) {
          code = ExitCode.Failure;
          this.log.error({ err, resource: name }, 'close failed');
        }
      }
      clearTimeout(timer);
      for (const [signal, handler] of this.handlers) this.proc.off(signal, handler);
      this.log.info('stopped');
      if (this.options.exit ?? true) this.proc.exit(code);
      return code;
    })();
    return this.running;
  }
}
