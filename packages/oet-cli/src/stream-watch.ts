import { Agent, type Dispatcher } from 'undici';

/**
 * An undici dispatcher for the event stream that reports when a response has started. `start`
 * must subscribe before it sends the PUT, or it could miss the procedure's first events; the SSE
 * client yields only events, so the response start is observed here instead.
 */
export class StreamWatch {
  readonly dispatcher: Dispatcher;
  /** Resolves when the first 2xx response starts; rejects if the first attempt fails before that. */
  readonly opened: Promise<void>;
  private readonly agent: Agent;
  private settled = false;
  private resolveOpened!: () => void;
  private rejectOpened!: (err: Error) => void;

  /** Called on every 2xx response start after the first (a reconnection). */
  onReopen: (() => void) | undefined;
  /** Called when an opened stream ends or breaks (before any reconnection). */
  onDrop: (() => void) | undefined;
  private openCount = 0;

  constructor(options: { headersTimeoutMs: number }) {
    // No body timeout: an idle stream is normal between heartbeats.
    this.agent = new Agent({ headersTimeout: options.headersTimeoutMs, connectTimeout: options.headersTimeoutMs, bodyTimeout: 0 });
    this.opened = new Promise<void>((resolve, reject) => {
      this.resolveOpened = resolve;
      this.rejectOpened = reject;
    });
    this.opened.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
    this.dispatcher = this.agent.compose((dispatch) => (opts, handler) => dispatch(opts, this.watch(handler)));
  }

  private watch(inner: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
    let opened = false; // this request's response started
    return {
      onRequestStart: (controller, context) => inner.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => inner.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        if (statusCode >= 200 && statusCode < 300) {
          opened = true;
          if (this.openCount++ > 0) this.onReopen?.();
          if (!this.settled) {
            this.settled = true;
            this.resolveOpened();
          }
        }
        inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => inner.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => {
        if (opened) this.onDrop?.();
        inner.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        if (opened) this.onDrop?.();
        if (!this.settled) {
          this.settled = true;
          this.rejectOpened(error);
        }
        inner.onResponseError?.(controller, error);
      },
    };
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
