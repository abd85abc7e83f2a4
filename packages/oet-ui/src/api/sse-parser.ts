export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** Longest line kept while waiting for its end (a misbehaving server cannot grow the page's memory). */
const MAX_LINE = 4 * 1024 * 1024;

/**
 * Incremental Server-Sent Events parser: feed decoded text in any chunking, get whole messages.
 * Linear in the input; comment lines (`: heartbeat`) are ignored.
 */
export class SseParser {
  #tail = '';
  #id: string | undefined;
  #event = '';
  #data: string[] = [];

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  feed(text: string): void {
    const buffer = this.#tail + text;
    let start = 0;
    for (;;) {
      const nl = nextBreak(buffer, start);
      if (nl === -1) break;
      // a \r at the very end may be the first half of \r\n: wait for the next chunk
      if (buffer.charCodeAt(nl) === 13 && nl === buffer.length - 1) break;
      this.#line(buffer.slice(start, nl));
      start = buffer.charCodeAt(nl) === 13 && buffer.charCodeAt(nl + 1) === 10 ? nl + 2 : nl + 1;
    }
    // an absurdly long unfinished line is dropped rather than held
    this.#tail = buffer.length - start > MAX_LINE ? '' : buffer.slice(start);
  }

  #line(line: string): void {
    if (line === '') {
      if (this.#data.length > 0) this.onMessage({ id: this.#id, event: this.#event || 'message', data: this.#data.join('\n') });
      this.#data = [];
      this.#event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    else if (field === 'event') this.#event = value;
  }
}

function nextBreak(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}
