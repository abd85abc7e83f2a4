import { parseMessage } from '../grammar/parse.js';
import type { ReplyCode } from '../grammar/message.js';
import type { ProtocolVersion } from '../protocol-version.js';
import { versionAtLeast } from '../protocol-version.js';
import { pyFloat } from '../values/python-number.js';

/** Groups of the conformance suite (see the README). */
export type ConformanceGroup = 'framing' | 'grammar' | 'commands' | 'simulator' | 'robustness' | 'debug-ok' | 'debug-fail';

export interface CheckContext {
  /** Allowed difference between the backend clock and ours, seconds. */
  clockToleranceS: number;
}

/** An expectation computed at run time (times, random floats). */
export interface LineCheck {
  describe: string;
  name: string;
  code: ReplyCode;
  /** Returns a problem description, or undefined when the line is right. */
  check(line: string, context: CheckContext): string | undefined;
}

/** An exact reply line (CRLF removed) or a check. */
export type Expectation = string | LineCheck;

export interface VectorStep {
  /** Bytes to write (latin-1); CRLF is not added. */
  send: string;
  /** Replies expected, in order, before the next step (empty: none). */
  expect: readonly Expectation[];
}

export interface ConformanceVector {
  /** Row of the conformance table (`D-BACKEND-ROW-<row>` in docs/reference/), plus a letter for extra cases. */
  row: string;
  group: ConformanceGroup;
  title: string;
  steps: readonly VectorStep[];
  /**
   * Set on rows where the reference deliberately differs from us (the id of the difference in
   * docs/reference/discos-backend-protocol.md). `texts: 'code'` skips them, so a backend behaving like the
   * reference passes.
   */
  oursOnly?: string;
}

/** Rows of the reference-compatible run (`texts: 'code'`): those without an {@link ConformanceVector.oursOnly} mark. */
export function runsInCodeMode(vector: Pick<ConformanceVector, 'oursOnly'>): boolean {
  return vector.oursOnly === undefined;
}

/** The reference drops the connection on a line that is not UTF-8 (it decodes each line for a debug log). */
export const INVALID_UTF8 = 'D-BACKEND-1';
/** The reference closes the connection when a 16384-byte line's CR and LF arrive in separate reads. */
export const SPLIT_CRLF = 'D-BACKEND-2';
/** The reference listens with a backlog of 50, so 1000 simultaneous connects are not all accepted in time. */
export const BACKLOG = 'D-BACKEND-3';

const GENERIC = 'Request could not be handled correctly';

/** One request line and its replies. */
function x(send: string, ...expect: Expectation[]): VectorStep {
  return { send: `${send}\r\n`, expect };
}

function syntaxError(reason: string): string {
  return `!undefined,invalid,syntax error: ${reason}`;
}

function withinNow(text: string, context: CheckContext): string | undefined {
  const value = pyFloat(text);
  if (value === undefined || !/^-?[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?$/.test(text)) return `'${text}' is not a Python float`;
  const now = Date.now() / 1000;
  if (Math.abs(value - now) > context.clockToleranceS) return `time ${text} is not within ${context.clockToleranceS} s of now (${now})`;
  return undefined;
}

/** `!status,ok,NOW,ok,<acquiring>`. */
export function statusLine(acquiring: 0 | 1): LineCheck {
  return {
    describe: `!status,ok,NOW,ok,${acquiring}`,
    name: 'status',
    code: 'ok',
    check(line, context) {
      const m = /^!status,ok,([^,]*),ok,([01])$/.exec(line);
      if (!m) return `expected !status,ok,NOW,ok,${acquiring}`;
      if (m[2] !== String(acquiring)) return `acquiring flag is ${m[2]}, expected ${acquiring}`;
      return withinNow(m[1]!, context);
    },
  };
}

/** `!time,ok,NOW`. */
export function timeLine(): LineCheck {
  return {
    describe: '!time,ok,NOW',
    name: 'time',
    code: 'ok',
    check(line, context) {
      const m = /^!time,ok,([^,]*)$/.exec(line);
      if (!m) return 'expected !time,ok,NOW';
      return withinNow(m[1]!, context);
    },
  };
}

/** `!get-tpi,ok,F,F` with F a float in [0,100). */
export function tpiLine(): LineCheck {
  return {
    describe: '!get-tpi,ok,F,F',
    name: 'get-tpi',
    code: 'ok',
    check(line) {
      const m = /^!get-tpi,ok,([^,]*),([^,]*)$/.exec(line);
      if (!m) return 'expected !get-tpi,ok,F,F';
      for (const f of [m[1]!, m[2]!]) {
        const value = pyFloat(f);
        if (value === undefined || !(value >= 0 && value < 100)) return `'${f}' is not a float in [0,100)`;
      }
      return undefined;
    },
  };
}

/** Name and code of an expectation (for `texts: 'code'`). */
export function expectedNameAndCode(expectation: Expectation): { name: string; code: string } {
  if (typeof expectation !== 'string') return { name: expectation.name, code: expectation.code };
  const message = parseMessage(expectation);
  return { name: message.name, code: message.code };
}

/** The table-driven rows of the spec's vector table for one protocol version. */
export function conformanceVectors(version: ProtocolVersion = '1.4'): ConformanceVector[] {
  const v14 = versionAtLeast(version, '1.4');
  const v13 = versionAtLeast(version, '1.3');
  const noArgs = (name: string) => (v14 ? `!${name},fail,${name} needs no arguments` : undefined);
  const unknown = (name: string) => `!${name},fail,invalid command '${name}'`;
  const vectors: ConformanceVector[] = [
    // Grammar: any backend behind the protocol server.
    { row: '6', group: 'grammar', title: 'a separator with no argument is a syntax error', steps: [x('?status,', syntaxError('invalid syntax'))] },
    { row: '45a', group: 'grammar', title: 'unknown message type', steps: [x('$name', syntaxError("invalid message type '$'")), x('ciao', syntaxError("invalid message type 'c'"))] },
    { row: '45b', group: 'grammar', title: 'leading space is a message type', steps: [x(' ?status', syntaxError("invalid message type ' '"))] },
    {
      row: '45c',
      group: 'grammar',
      title: 'invalid names',
      steps: ['?bad name', '?-bad', '?0bad', '?a_b', '?'].map((line) => x(line, syntaxError('invalid syntax'))),
    },
    { row: '45j', group: 'grammar', title: 'a latin-1 letter makes an invalid name', steps: [x('?caf\xe9', syntaxError('invalid syntax'))], oursOnly: INVALID_UTF8 },
    { row: '45d', group: 'grammar', title: 'empty line', steps: [x('', syntaxError('empty message is not valid'))] },
    {
      row: '45e',
      group: 'grammar',
      title: 'malformed replies',
      steps: ['!status', '!x,bogus', '!reply,ok ', '!x,OK', '!x,ok,'].map((line) => x(line, syntaxError('invalid syntax'))),
    },
    { row: '45f', group: 'grammar', title: 'a high byte as message type is echoed', steps: [x('\xff', syntaxError("invalid message type '\xff'"))], oursOnly: INVALID_UTF8 },
    { row: '45g', group: 'grammar', title: 'a CR before the CRLF is a syntax error', steps: [x('?version\r', syntaxError('invalid syntax'))] },
    {
      row: '45i',
      group: 'grammar',
      title: 'a line starting with LF or CR: the echoed character becomes a space (framing never breaks)',
      steps: [x('\n?x', syntaxError("invalid message type ' '")), x('\r?x', syntaxError("invalid message type ' '"))],
    },
    { row: '45h', group: 'grammar', title: 'trailing LF quirk: ?version\\n\\r\\n is ?version', steps: [x('?version\n', `!version,ok,${version}`)] },
    {
      row: '46',
      group: 'grammar',
      title: 'reply-type lines are ignored',
      steps: [x('!status,ok'), x('!x,fail,some text'), x('!x,invalid'), x('?version', `!version,ok,${version}`)],
    },
    {
      row: '44',
      group: 'grammar',
      title: 'unknown commands fail (case-sensitive)',
      steps: [x('?badcommand', unknown('badcommand')), x('?Status', unknown('Status')), x('?a-', unknown('a-')), x('?get-rms', unknown('get-rms')), x('?x,,', unknown('x'))],
    },
    // Commands: checks made by the protocol handler, valid for any backend behind it.
    { row: '2', group: 'commands', title: '?version', steps: [x('?version', `!version,ok,${version}`)] },
    {
      row: '3',
      group: 'commands',
      title: v14 ? '?version rejects arguments' : '?version ignores arguments before 1.4',
      steps: [x('?version,1', v14 ? '!version,fail,version needs no arguments' : `!version,ok,${version}`)],
    },
    { row: '14', group: 'commands', title: 'set-configuration needs a name', steps: [x('?set-configuration', '!set-configuration,fail,missing argument: configuration')] },
    { row: '18', group: 'commands', title: 'set-integration needs a value', steps: [x('?set-integration', '!set-integration,fail,missing argument: integration time')] },
    {
      row: '19',
      group: 'commands',
      title: 'set-integration needs an integer',
      steps: ['ciao', '1.5', '1e3', '0x10', ' ', '1__0'].map((a) => x(`?set-integration,${a}`, '!set-integration,fail,integration time must be an integer number')),
    },
    {
      row: '25',
      group: 'commands',
      title: 'start rejects bad timestamps',
      steps: ['dummy', '1430922782.97', '1430922782.97088300', '12345678901234567890123', '\x00*'].map((a) => x(`?start,${a}`, `!start,fail,wrong timestamp '${a}'`)),
    },
    { row: '25b', group: 'commands', title: 'a latin-1 timestamp is echoed', steps: [x('?start,\xff\x00*', "!start,fail,wrong timestamp '\xff\x00*'")], oursOnly: INVALID_UTF8 },
    { row: '26', group: 'commands', title: 'stop rejects bad timestamps', steps: [x('?stop,dummy', "!stop,fail,wrong timestamp 'dummy'")] },
    { row: '30', group: 'commands', title: 'set-section needs 7 arguments', steps: [x('?set-section,1,234.0', '!set-section,fail,set-section needs 7 arguments'), x('?set-section,1,*,*,*,*,*', '!set-section,fail,set-section needs 7 arguments')] },
    {
      row: '31',
      group: 'commands',
      title: 'set-section argument formats',
      steps: ['ciao,*,*,*,*,*,*', '1,50.0,200.0,1.0,CP,10,2048', '*,x,*,*,*,*,*', '*,*,0x1,*,*,*,*', '*,*,*,*,*,*,1.5', '*,*,*,*,*,,*'].map((a) =>
        x(`?set-section,${a}`, '!set-section,fail,wrong parameter format'),
      ),
    },
    {
      row: '36',
      group: 'commands',
      title: 'cal-on interleave must be a non-negative int',
      steps: ['-10', 'wrong', '1.0'].map((a) => x(`?cal-on,${a}`, '!cal-on,fail,interleave samples must be a positive int')),
    },
    { row: '37b', group: 'commands', title: 'set-filename needs a name', steps: [x('?set-filename', '!set-filename,fail,command needs <filename> as argument')] },
    {
      row: '61',
      group: 'commands',
      // str.strip() treats \x1c-\x1f as whitespace, but Python's int() and float() do not accept them.
      title: 'int and float arguments reject \\x1c-\\x1f around the number',
      steps: [
        x('?set-integration,5\x1c', '!set-integration,fail,integration time must be an integer number'),
        x('?set-integration,\x1f5', '!set-integration,fail,integration time must be an integer number'),
        x('?set-section,1\x1c,*,*,*,*,*,*', '!set-section,fail,wrong parameter format'),
        x('?set-section,*,1.5\x1d,*,*,*,*,*', '!set-section,fail,wrong parameter format'),
        x('?set-section,*,*,*,*,*,*,2048\x1e', '!set-section,fail,wrong parameter format'),
        x('?cal-on,5\x1e', '!cal-on,fail,interleave samples must be a positive int'),
        x('?start,0\x1f', "!start,fail,wrong timestamp '0\x1f'"),
        ...(v13 ? [x('?set-enable,0\x1c,1', '!set-enable,fail,wrong parameter format')] : []),
        ...(v14 ? [x('?set-shift,1\x1f', '!set-shift,fail,wrong parameter format')] : []),
      ],
    },
  ];
  const strict: Array<[string, string]> = [
    ['5', 'status,x'],
    ['5b', 'status,,'],
    ['8', 'time,dummy'],
    ['10', 'get-tpi,0,0'],
    ['12b', 'get-configuration,x'],
    ['16b', 'get-integration,x'],
    ['11b', 'get-tp0,x'],
    ['38b', 'convert-data,x'],
  ];
  if (v14) {
    for (const [row, line] of strict) {
      const name = line.slice(0, line.indexOf(','));
      vectors.push({ row, group: 'commands', title: `${name} rejects arguments`, steps: [x(`?${line}`, noArgs(name)!)] });
    }
    vectors.push(
      { row: '41b', group: 'commands', title: 'end-schedule rejects arguments', steps: [x('?end-schedule,x', '!end-schedule,fail,end-schedule needs no arguments')] },
      { row: '42b', group: 'commands', title: 'backend-park rejects arguments', steps: [x('?backend-park,x', '!backend-park,fail,backend-park needs no arguments')] },
      {
        row: '43b',
        group: 'commands',
        title: 'set-shift needs exactly 1 int',
        steps: [
          x('?set-shift', '!set-shift,fail,set-shift needs 1 argument'),
          x('?set-shift,1,2', '!set-shift,fail,set-shift needs 1 argument'),
          x('?set-shift,1.05', '!set-shift,fail,wrong parameter format'),
        ],
      },
    );
  } else {
    vectors.push({
      row: '54',
      group: 'commands',
      title: `1.4 commands do not exist in ${version}`,
      steps: ['set-shift,1', 'end-schedule', 'backend-park'].map((line) => x(`?${line}`, unknown(line.split(',')[0]!))),
    });
  }
  if (v13) {
    vectors.push(
      { row: '39b', group: 'commands', title: 'set-enable needs 2 arguments', steps: [x('?set-enable,0', '!set-enable,fail,set-enable needs 2 arguments')] },
      { row: '40a', group: 'commands', title: 'set-enable needs ints', steps: [x('?set-enable,foo,bar', '!set-enable,fail,wrong parameter format')] },
    );
  } else {
    vectors.push({ row: '55', group: 'commands', title: `set-enable does not exist in ${version}`, steps: [x('?set-enable,0,1', unknown('set-enable'))] });
  }

  // Simulator backend (fresh server per row).
  const sim: ConformanceVector[] = [
    { row: '4', group: 'simulator', title: '?status when idle', steps: [x('?status', statusLine(0))] },
    { row: '7', group: 'simulator', title: '?time', steps: [x('?time', timeLine())] },
    { row: '9', group: 'simulator', title: '?get-tpi', steps: [x('?get-tpi', tpiLine()), x('?get-tpi', tpiLine())] },
    { row: '11', group: 'simulator', title: '?get-tp0', steps: [x('?get-tp0', '!get-tp0,ok,0,0')] },
    { row: '12', group: 'simulator', title: 'initial configuration', steps: [x('?get-configuration', '!get-configuration,ok,unconfigured')] },
    {
      row: '13',
      group: 'simulator',
      title: 'set and get the configuration',
      steps: [x('?set-configuration,testconfiguration', '!set-configuration,ok'), x('?get-configuration', '!get-configuration,ok,testconfiguration')],
    },
    {
      row: '15',
      group: 'simulator',
      title: 'configuration names start with a lowercase letter',
      steps: [x('?set-configuration,K2000', '!set-configuration,fail,invalid configuration'), x('?set-configuration, x', '!set-configuration,fail,invalid configuration'), x('?get-configuration', '!get-configuration,ok,unconfigured')],
    },
    { row: '16', group: 'simulator', title: 'initial integration', steps: [x('?get-integration', '!get-integration,ok,0')] },
    {
      row: '17',
      group: 'simulator',
      title: 'set and get the integration (Python int rules)',
      steps: [
        x('?set-integration,10', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,10'),
        x('?set-integration, -5 ', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,-5'),
        x('?set-integration,1_000,extra', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,1000'),
        x('?set-integration,123456789012345678901234567890', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,123456789012345678901234567890'),
      ],
    },
    { row: '20', group: 'simulator', title: 'start acquiring', steps: [x('?start', '!start,ok'), x('?status', statusLine(1))] },
    { row: '21', group: 'simulator', title: 'start twice', steps: [x('?start', '!start,ok'), x('?start', '!start,fail,already acquiring')] },
    { row: '22', group: 'simulator', title: 'stop when idle', steps: [x('?stop', '!stop,fail,not acquiring')] },
    { row: '22b', group: 'simulator', title: 'start then stop', steps: [x('?start', '!start,ok'), x('?stop', '!stop,ok'), x('?status', statusLine(0))] },
    { row: '27', group: 'simulator', title: 'timed start in the past', steps: [x('?start,0', '!start,fail,starting time already elapsed'), x('?start,-10000000', '!start,fail,starting time already elapsed')] },
    { row: '28', group: 'simulator', title: 'timed stop in the past', steps: [x('?stop,0', '!stop,fail,stop time already elapsed')] },
    {
      row: '29',
      group: 'simulator',
      title: 'set-section',
      steps: [
        x('?set-section,1,*,*,*,*,*,*', '!set-section,ok'),
        x('?set-section,1,234.0,500.23,3,FullStokes,10,2048', '!set-section,ok'),
        x('?set-section,0,inf,2000.9,-1,,nan,0,extra', '!set-section,ok'),
        x('?set-section,5,*,*,*,*,*,*', '!set-section,ok'),
      ],
    },
    { row: '32', group: 'simulator', title: 'at most 5 sections', steps: [x('?set-section,6,*,*,*,*,*,*', '!set-section,fail,backend supports 5 sections')] },
    { row: '33', group: 'simulator', title: 'bandwidth limit', steps: [x('?set-section,1,0,2001,0,CP,10,2048', '!set-section,fail,backend maximum bandwidth is 2000')] },
    {
      row: '34',
      group: 'simulator',
      title: "section '*' and non-finite bandwidths are generic fails",
      steps: [x('?set-section,*,*,*,*,*,*,*', `!set-section,fail,${GENERIC}`), x('?set-section,1,*,inf,*,*,*,*', `!set-section,fail,${GENERIC}`), x('?set-section,1,*,nan,*,*,*,*', `!set-section,fail,${GENERIC}`)],
    },
    { row: '35', group: 'simulator', title: 'cal-on', steps: [x('?cal-on', '!cal-on,ok'), x('?cal-on,10', '!cal-on,ok')] },
    { row: '37', group: 'simulator', title: 'set-filename', steps: [x('?set-filename,/hi/im/a/file.fits', '!set-filename,ok')] },
    { row: '38', group: 'simulator', title: 'convert-data', steps: [x('?convert-data', '!convert-data,ok')] },
    {
      row: '49',
      group: 'simulator',
      title: 'arguments are echoed byte for byte',
      steps: [x('?set-configuration,caf\xc3\xa9', '!set-configuration,ok'), x('?get-configuration', '!get-configuration,ok,caf\xc3\xa9')],
    },
    {
      row: '62',
      group: 'simulator',
      title: 'int arguments follow Python int(): ASCII whitespace, underscores, no 2^53 limit',
      steps: [
        x('?set-integration,\t1_0 ', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,10'),
        x('?set-integration,9007199254740993', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,9007199254740993'),
        x('?set-integration,-999999999999999999999', '!set-integration,ok'),
        x('?get-integration', '!get-integration,ok,-999999999999999999999'),
        x('?cal-on,\x0b7\x0c', '!cal-on,ok'),
        x('?set-section,\t1 , 2.5e2 ,*,*,*,*,*', '!set-section,ok'),
        ...(v14 ? [x('?set-shift, 3 ', '!set-shift,ok')] : []),
      ],
    },
    { row: '50', group: 'simulator', title: 'invalid UTF-8 is ordinary data', steps: [x('?set-filename,\xff', '!set-filename,ok'), x('?version', `!version,ok,${version}`)], oursOnly: INVALID_UTF8 },
  ];
  if (v13) {
    sim.push(
      { row: '39', group: 'simulator', title: 'set-enable', steps: [x('?set-enable,0,1', '!set-enable,ok'), x('?set-enable,1,0,extra', '!set-enable,ok')] },
      {
        row: '40',
        group: 'simulator',
        title: 'set-enable ranges',
        steps: [x('?set-enable,4,1', '!set-enable,fail,feed1 out of range'), x('?set-enable,0,2', '!set-enable,fail,feed2 out of range'), x('?set-enable,-1,0', '!set-enable,fail,feed1 out of range')],
      },
    );
  }
  if (v14) {
    sim.push(
      { row: '41', group: 'simulator', title: 'end-schedule', steps: [x('?end-schedule', '!end-schedule,ok')] },
      { row: '42', group: 'simulator', title: 'backend-park', steps: [x('?backend-park', '!backend-park,ok')] },
      { row: '43', group: 'simulator', title: 'set-shift', steps: [x('?set-shift,1', '!set-shift,ok'), x('?set-shift,-3', '!set-shift,ok')] },
    );
  } else {
    sim.push(
      { row: '54', group: 'simulator', title: `get-tpi ignores arguments in ${version}`, steps: [x('?get-tpi,0,0', tpiLine())] },
      { row: '55', group: 'simulator', title: `status ignores arguments in ${version}`, steps: [x('?status,x', statusLine(0)), x('?time,dummy', timeLine())] },
    );
  }
  return [...vectors, ...sim];
}

/** Vectors for the debug handlers (D-BACKEND-ROW-53). */
export function debugVectors(): ConformanceVector[] {
  return [
    {
      row: '53',
      group: 'debug-ok',
      title: 'AlwaysOk echoes the arguments',
      steps: [x('?x,a,,b', '!x,ok,a,,b'), x('?prova', '!prova,ok'), x('?status,', syntaxError('invalid syntax')), x('!x,ok'), x('?x,,', '!x,ok,,')],
    },
    {
      row: '53',
      group: 'debug-fail',
      title: 'AlwaysFail / AlwaysRaise answer the generic fail',
      steps: [x('?prova', `!prova,fail,${GENERIC}`), x('?x,a,,b', `!x,fail,${GENERIC}`), x('ciao', syntaxError("invalid message type 'c'"))],
    },
  ];
}
