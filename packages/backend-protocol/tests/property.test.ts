import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RawConnection } from '../src/conformance/index.js';
import { parseMessage, reply, request, serialiseMessage, type Message } from '../src/index.js';
import { startServer } from './start-server.js';
import { runStream, splitAt } from './stream-harness.js';

const requestLines = fc.constantFrom(
  '?status',
  '?version',
  '?get-tp0',
  '?set-configuration,abc',
  '?get-configuration',
  '?set-integration,10',
  '?get-integration',
  '?set-section,1,*,*,*,*,*,*',
  '?bad name',
  '!status,ok',
  '',
  '?x,',
  '?status\n',
  '?start,dummy',
  '\xff\x00',
);

const streamOf = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');

const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) });
const argText = latin1.map((s) => s.replace(/[\r\n,]/g, ''));
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/);

describe('properties', () => {
  test('any chunking of a stream yields the same replies', () => {
    fc.assert(
      fc.property(fc.array(requestLines, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 30 }), (lines, cuts) => {
        const bytes = streamOf(lines);
        expect(runStream(splitAt(bytes, cuts))).toEqual(runStream([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrary bytes never crash; every reply is a well-formed line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }).map((b) => (b.length > 0 && b[0]! < 16 ? Buffer.concat([Buffer.from('\n'), b]) : b)), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const out = runStream(splitAt(bytes, cuts));
        for (const line of out) {
          if (line === '<close>') continue;
          expect(line.endsWith('\r\n')).toBe(true);
          expect(/[\r\n]/.test(line.slice(0, -2))).toBe(false);
          const message = parseMessage(line.slice(0, -2));
          expect(message.type).toBe('reply');
        }
      }),
      { numRuns: 500 },
    );
  });

  test('overlong data anywhere closes the stream, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16385, max: 20000 }), fc.array(fc.nat(), { maxLength: 5 }), (length, cuts) => {
        const bytes = Buffer.concat([Buffer.from('?version\r\n'), Buffer.alloc(length, 0x61), Buffer.from('\r\n?version\r\n')]);
        expect(runStream(splitAt(bytes, cuts))).toEqual(['!version,ok,1.4\r\n', '<close>']);
      }),
      { numRuns: 50 },
    );
  });

  test('requests and replies round-trip through serialise and parse', () => {
    fc.assert(
      fc.property(name, fc.array(argText, { maxLength: 6 }), fc.constantFrom<'ok' | 'fail' | 'invalid'>('ok', 'fail', 'invalid'), (n, args, code) => {
        // A single empty argument serialises to a trailing separator, which is not a message.
        fc.pre(!(args.length === 1 && args[0] === ''));
        for (const message of [request(n, args), reply(n, code, args)] as Message[]) {
          expect(parseMessage(serialiseMessage(message))).toEqual(message);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('any chunking over real TCP yields the same replies', async () => {
    const started = await startServer('simulator');
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(requestLines.filter((l) => !l.startsWith('?status') && l !== '?start,dummy'), { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 8 }), async (lines, cuts) => {
          const bytes = streamOf(lines);
          const expected = runStream([bytes]);
          const conn = await RawConnection.open(started.host, started.port);
          try {
            await conn.readLine();
            await conn.write('?set-configuration,unconfigured\r\n?set-integration,0\r\n');
            await conn.readLine();
            await conn.readLine();
            for (const part of splitAt(bytes, cuts)) if (part.length) await conn.write(Buffer.from(part));
            const got: string[] = [];
            for (let i = 0; i < expected.length; i++) got.push(`${await conn.readLine()}\r\n`);
            expect(got).toEqual(expected);
          } finally {
            await conn.destroy();
          }
        }),
        { numRuns: 25 },
      );
    } finally {
      await started.stop();
    }
  });
});
