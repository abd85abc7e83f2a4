import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@observatory/core';
import { DeviceError } from './device-error.js';
import { Feeder } from './feeder.js';
import { lineParser } from './line-parser.js';
import type { ParseResult } from './types.js';

/** A feeder whose parser records every byte it gets and whose custom commands are recorded too. */
function recorder(answer: (byte: number) => ParseResult | Promise<ParseResult> = () => true) {
  const bytes: number[] = [];
  const commands: string[] = [];
  const replies: string[] = [];
  const feeder = new Feeder(
    {
      parse: (byte) => {
        bytes.push(byte);
        return answer(byte);
      },
    },
    {
      reply: (r) => replies.push(typeof r === 'string' ? r : Buffer.from(r).toString('latin1')),
      customCommand: (body) => commands.push(body),
      logger: silentLogger,
    },
  );
  const text = () => Buffer.from(bytes).toString('latin1');
  return { feeder, bytes, commands, replies, text };
}

describe('Feeder: custom commands never reach the parser', () => {
  it('drops a complete command and passes the bytes around it in order', () => {
    const r = recorder();
    void r.feeder.feed(Buffer.from('ab$system_x:1,2%%%%%cd'));
    expect(r.text()).toBe('abcd');
    expect(r.commands).toEqual(['system_x:1,2']);
  });

  it('gives a non-matching candidate to the parser in order', () => {
    const r = recorder();
    void r.feeder.feed(Buffer.from('$sys$tem_$system\n%%%%%'));
    expect(r.text()).toBe('$sys$tem_$system\n%%%%%');
    expect(r.commands).toEqual([]);
  });

  it('holds a candidate across chunks once it is longer than $system_', () => {
    const r = recorder();
    void r.feeder.feed(Buffer.from('$system_st'));
    expect(r.text()).toBe('');
    void r.feeder.feed(Buffer.from('op%%%%%'));
    expect(r.commands).toEqual(['system_stop']);
    expect(r.text()).toBe('');
  });

  it('releases a short candidate at the end of a chunk but still tracks it (a binary 0x24 is never delayed)', () => {
    const r = recorder();
    void r.feeder.feed(Buffer.from([0x01, 0x24]));
    expect(r.bytes).toEqual([0x01, 0x24]);
    void r.feeder.feed(Buffer.from('system_greet%%%%%'));
    expect(r.commands).toEqual(['system_greet']);
    expect(r.bytes).toEqual([0x01, 0x24]);
  });

  it('gives up a candidate longer than 512 bytes', () => {
    const r = recorder();
    const long = `$system_${'x'.repeat(600)}%%%%%`;
    void r.feeder.feed(Buffer.from(long));
    expect(r.commands).toEqual([]);
    expect(r.text()).toBe(long);
  });

  it('any chunking gives the parser the same bytes and runs the same commands', () => {
    const part = fc.constantFrom('ab', '$', '$sys', '$system_x%%%%%', '%', '\n', '$system_q:1%%%%%', 'z');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
        const input = Buffer.from(parts.join(''));
        const whole = recorder();
        void whole.feeder.feed(input);
        const split = recorder();
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const to of [...points, input.length]) {
          void split.feeder.feed(input.subarray(from, to));
          from = to;
        }
        expect(split.commands).toEqual(whole.commands);
        // Short candidates released at chunk ends may reach the parser in one split and not in another,
        // but only when they later complete as a command; without completed commands the bytes agree.
        if (whole.commands.length === 0) expect(split.text()).toBe(whole.text());
      }),
      { numRuns: 300 },
    );
  });
});

describe('Feeder: the parse() contract', () => {
  it('sends replies, ignores booleans, logs DeviceError and carries on', () => {
    const r = recorder((byte) => {
      if (byte === 0x45) throw new DeviceError('E');
      if (byte === 0x52) return 'reply';
      return byte === 0x46 ? false : true;
    });
    void r.feeder.feed(Buffer.from('xERF'));
    expect(r.replies).toEqual(['reply']);
    expect(r.bytes).toEqual([...Buffer.from('xERF')]);
  });

  it('pauses the rest of a chunk on a Promise and keeps order', async () => {
    let release!: (v: ParseResult) => void;
    const r = recorder((byte) => (byte === 0x44 ? new Promise<ParseResult>((res) => (release = res)) : String.fromCharCode(byte)));
    const pending = r.feeder.feed(Buffer.from('aDb'));
    expect(pending).toBeInstanceOf(Promise);
    expect(r.replies).toEqual(['a']);
    release('delayed');
    await pending;
    expect(r.replies).toEqual(['a', 'delayed', 'b']);
  });
});

describe('lineParser', () => {
  it('drops an overlong line with DeviceError and keeps parsing', () => {
    const parser = lineParser((line) => `<${line}>`, { maxBytes: 4 });
    for (const b of Buffer.from('abcd')) expect(parser.parse(b)).toBe(true);
    expect(() => parser.parse(0x65)).toThrow(DeviceError);
    for (const b of Buffer.from('xy')) expect(parser.parse(b)).toBe(true);
    expect(parser.parse(0x0a)).toBe('<xy>');
  });
});
