import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { componentLogger, createLogger, resolveLogFormat, resolveLogLevel, silentLogger, useColour } from './logger.js';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with name, level and ISO time', () => {
    const out = capture();
    createLogger({ name: 'app', stream: out.stream, env: {} }).info({ port: 1 }, 'listening');
    const [line] = out.lines();
    expect(line).toMatchObject({ name: 'app', level: 30, port: 1, msg: 'listening' });
    expect(typeof line!.time).toBe('string');
  });

  it('takes its level from the option, then LOG_LEVEL, then info', () => {
    expect(resolveLogLevel('debug', { LOG_LEVEL: 'error' })).toBe('debug');
    expect(resolveLogLevel(undefined, { LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(resolveLogLevel(undefined, {})).toBe('info');
    expect(resolveLogLevel('nonsense', {})).toBe('info');
    const out = capture();
    const log = createLogger({ stream: out.stream, env: { LOG_LEVEL: 'warn' } });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines().map((l) => l.msg)).toEqual(['shown']);
  });

  it('redacts configured paths', () => {
    const out = capture();
    createLogger({ stream: out.stream, env: {}, redact: ['headers.authorization'] }).info({ headers: { authorization: 'secret' } }, 'req');
    expect(out.lines()[0]).toMatchObject({ headers: { authorization: '[redacted]' } });
  });

  it('gives libraries a silent default with a component binding', () => {
    expect(silentLogger.level).toBe('silent');
    const out = capture();
    componentLogger(createLogger({ stream: out.stream, env: {} }), 'tcp-server').info('x');
    expect(out.lines()[0]).toMatchObject({ component: 'tcp-server' });
    expect(componentLogger(undefined, 'x').level).toBe('silent');
  });
});

describe('resolveLogFormat', () => {
  it.each([
    [{}, {}, true, 'pretty'],
    [{}, {}, false, 'json'],
    [{}, { LOG_FORMAT: 'json' }, true, 'json'],
    [{}, { LOG_FORMAT: 'PRETTY' }, false, 'pretty'],
    [{ pretty: true }, { LOG_FORMAT: 'json' }, true, 'json'],
    [{ pretty: false }, {}, true, 'json'],
    [{}, { LOG_PRETTY: '1' }, false, 'pretty'],
    [{}, { LOG_PRETTY: '0' }, true, 'json'],
    [{}, { LOG_FORMAT: 'nonsense' }, false, 'json'],
    [{ format: 'pretty' as const }, { LOG_FORMAT: 'json' }, false, 'pretty'],
  ])('options %j, env %j, terminal %s: %s', (options, env, terminal, expected) => {
    expect(resolveLogFormat(options, env, terminal)).toBe(expected);
  });
});

describe('useColour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
  ])('env %j, terminal %s: %s', (env, terminal, expected) => {
    expect(useColour(env, terminal)).toBe(expected);
  });
});
