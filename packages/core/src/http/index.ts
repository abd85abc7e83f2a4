export {
  HttpJsonClient,
  type HttpJsonClientOptions,
  type JsonRequestOptions,
  mapTransportError,
} from './http-json-client.js';
export {
  openEventStream,
  type SseEvent,
  type SseStreamOptions,
} from './sse-client.js';
export { HostAllowList } from './host-allow-list.js';
export { jsonNestingExceeds } from './json-nesting.js';
export {
  type BoundHttpAddress,
  httpUrl,
  type ListenableHttpApp,
  listenHttp,
} from './listen-http.js';
export { httpStatusForError } from './error-status.js';
