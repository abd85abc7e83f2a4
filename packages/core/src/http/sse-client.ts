import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { ConnectionClosedError, HttpError } from '../errors/core-errors.js';
import { componentLogger } from '../logging/logger.js';
import { errorDetail, mapTransportError } from './http-json-client.js';

export interface SseEvent {
  /** The `id:` field ('' when the server sent none). */
  id: string;
  /** The `event:` field, `message` by default. */
  event: string;
  data: string;
}

export interface SseStreamOptions {
  headers?: Record<string, string>;
  /** Resume after this id (sent as `Last-Event-ID`). */
  lastEventId?: string;
  /** Reconnect after a dropped stream; default true. HTTP errors (4xx/5xx) end the stream instead. */
  reconnect?: boolean;
  /** Delay before reconnecting unless the server sent `retry:`; default 500 ms. */
  retryMs?: number;
  /** Give up after this many consecutive failed reconnects; default Infinity. */
  maxReconnects?: number;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** Called each time the stream is (re)established with a 200 answer. */
  onOpen?: () => void;
  /** Called when an established or attempted stream fails and a reconnect follows; `attempt` counts consecutive failures. */
  onDrop?: (error: Error, attempt: number) => void;
}

/**
 * Reads a Server-Sent Events stream as an async iterable. Reconnects with `Last-Event-ID` after a drop,
 * so no event the server still buffers is lost. Breaking out of the loop or aborting closes the stream.
 */
export function openEventStream(url: string, options: SseStreamOptions = {}): AsyncIterable<SseEvent> & { readonly lastEventId: string | undefined } {
  const log = componentLogger(options.logger, 'sse-client');
  const state = { lastEventId: options.lastEventId, retryMs: options.retryMs ?? 500 };
  async function* iterate(): AsyncGenerator<SseEvent> {
    let failures = 0;
    const maxReconnects = options.maxReconnects ?? Infinity;
    for (;;) {
      if (options.signal?.aborted) return;
      const controller = new AbortController();
      const onAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache', ...options.headers };
        if (state.lastEventId !== undefined) headers['last-event-id'] = state.lastEventId;
        const response = await request(url, { method: 'GET', headers, signal: controller.signal, dispatcher: options.dispatcher });
        if (response.statusCode !== 200) {
          const text = await response.body.text();
          const body = parseJsonBody(text);
          throw new HttpError(response.statusCode, 'GET', url, body ?? text, errorDetail(body) ?? (text.trim() || undefined));
        }
        failures = 0;
        options.onOpen?.();
        const queue: SseEvent[] = [];
        const parser = createParser({
          onEvent: (message: EventSourceMessage) => {
            if (message.id !== undefined) state.lastEventId = message.id;
            queue.push({ id: message.id ?? '', event: message.event ?? 'message', data: message.data });
          },
          onRetry: (ms: number) => {
            state.retryMs = ms;
          },
        });
        const text = new TextDecoder(); // streaming: a chunk may split a UTF-8 character
        for await (const chunk of response.body) {
          parser.feed(text.decode(chunk as Buffer, { stream: true }));
          while (queue.length > 0) yield queue.shift()!;
        }
        log.debug({ url }, 'stream ended by server');
        if (options.reconnect !== false) options.onDrop?.(new ConnectionClosedError('the event stream was closed by the server'), 0);
      } catch (err) {
        if (options.signal?.aborted) return;
        if (err instanceof HttpError) throw err;
        failures += 1;
        log.debug({ err, url, failures }, 'stream dropped');
        const mapped = mapTransportError(err, url, 0);
        if (options.reconnect === false || failures > maxReconnects) throw mapped;
        options.onDrop?.(mapped, failures);
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        controller.abort();
      }
      if (options.reconnect === false) return;
      await delay(state.retryMs, options.signal);
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    get lastEventId() {
      return state.lastEventId;
    },
  };
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
