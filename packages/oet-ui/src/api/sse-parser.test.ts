import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse-parser.js';

const STREAM = '\nid:1\ndata:{"topic":"a"}\n\n: heartbeat\n\nid: 2\r\nevent: change\r\ndata: line one\r\ndata: line two\r\n\r\nid:3\rdata:x\r\r: the next line flushes a CR\n';

function parse(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = new SseParser((m) => out.push(m));
  for (const c of chunks) parser.feed(c);
  return out;
}

describe('SseParser', () => {
  const expected: SseMessage[] = [
    { id: '1', event: 'message', data: '{"topic":"a"}' },
    { id: '2', event: 'change', data: 'line one\nline two' },
    { id: '3', event: 'message', data: 'x' },
  ];

  it('parses OET and telescope streams (LF, CRLF, CR line ends; comments skipped)', () => {
    expect(parse([STREAM])).toEqual(expected);
  });

  it('gives the same messages however the stream is cut', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = STREAM.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      expect(parse(chunks), `chunks of ${size}`).toEqual(expected);
    }
  });
});
