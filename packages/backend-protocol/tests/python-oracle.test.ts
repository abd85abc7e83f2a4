import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatPythonFixed, formatPythonFloat, pyFloat, pyInt, pySplit, pyStrip } from '../src/index.js';

// CPython itself is the oracle: random strings go through int(), float(), strip() and split() there and here.
const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));

const ORACLE = String.raw`
import json, sys
def attempt(f):
    try:
        return f()
    except (ValueError, OverflowError):
        return None
out = []
for case in json.loads(sys.stdin.read()):
    kind, text = case['kind'], case['text']
    if kind == 'int':
        v = attempt(lambda: int(text)); out.append(None if v is None else str(v))
    elif kind == 'int16':
        v = attempt(lambda: int(text, 16)); out.append(None if v is None else str(v))
    elif kind == 'float':
        v = attempt(lambda: float(text)); out.append(None if v is None else repr(v))
    elif kind == 'strip':
        out.append(text.strip())
    elif kind == 'split':
        out.append(text.split())
    elif kind == 'split1':
        out.append(text.split(maxsplit=1))
    elif kind == 'repr':
        out.append(repr(float(text)))
    elif kind == 'fixed':
        out.append('%.6f' % float(text))
print(json.dumps(out))
`;

interface Case {
  kind: 'int' | 'int16' | 'float' | 'strip' | 'split' | 'split1' | 'repr' | 'fixed';
  text: string;
}

function runPython(cases: Case[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON!, ['-c', ORACLE], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout) => {
      if (err) reject(new Error('the Python oracle failed', { cause: err }));
      else resolve(JSON.parse(stdout) as unknown[]);
    });
    child.stdin!.end(JSON.stringify(cases));
  });
}

function ours(c: Case): unknown {
  switch (c.kind) {
    case 'int': {
      const v = pyInt(c.text);
      return v === undefined ? null : String(v);
    }
    case 'int16': {
      const v = pyInt(c.text, 16);
      return v === undefined ? null : String(v);
    }
    case 'float': {
      const v = pyFloat(c.text);
      return v === undefined ? null : formatPythonFloat(v);
    }
    case 'strip':
      return pyStrip(c.text);
    case 'split':
      return pySplit(c.text);
    case 'split1':
      return pySplit(c.text, 1);
    case 'repr':
      return formatPythonFloat(pyFloat(c.text)!);
    case 'fixed':
      return formatPythonFixed(pyFloat(c.text)!, 6);
  }
}

// Characters that matter to the rules, with every latin-1 whitespace and a few Unicode spaces and digits.
const ALPHABET = [
  ...'0123456789_+-.eExXabfinINFtyAy ',
  '\t',
  '\n',
  '\x0b',
  '\x0c',
  '\r',
  '\x1c',
  '\x1d',
  '\x1e',
  '\x1f',
  '\x85',
  '\xa0',
  '\xb2',
  '\x00',
  '\u2000',
  '\u3000',
  '\ufeff',
  '\u0663',
];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 14 }).map((chars) => chars.join(''));
const numberish = fc
  .tuple(
    fc.constantFrom('', ' ', '\x1c', '\x85', '\xa0', '\t'),
    fc.constantFrom('', '+', '-'),
    fc.stringMatching(/^[0-9]{1,25}$/),
    fc.constantFrom('', '.', '.5', 'e3', 'E-2', '_1', '.0_1'),
    fc.constantFrom('', ' ', '\x1f', '\x85', '\n'),
  )
  .map((parts) => parts.join(''));

describe.skipIf(PYTHON === undefined)('Python semantics agree with CPython', () => {
  test('int(), int(x, 16), float(), strip() and split() on random text', async () => {
    const kinds: Case['kind'][] = ['int', 'int16', 'float', 'strip', 'split', 'split1'];
    const texts = [...fc.sample(text, { numRuns: 1500, seed: 21 }), ...fc.sample(numberish, { numRuns: 1500, seed: 42 })];
    const cases = texts.flatMap((t) => kinds.map((kind) => ({ kind, text: t })));
    const expected = await runPython(cases);
    const mismatches = cases.filter((c, i) => JSON.stringify(ours(c)) !== JSON.stringify(expected[i]));
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  test('repr(float) and %.6f on random doubles', async () => {
    // Random doubles, plus dyadic fractions (n / 2^k), which are where exact rounding ties live.
    const dyadic = fc.tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 30 })).map(([n, k]) => n / 2 ** k);
    const doubles = [...fc.sample(fc.double({ noNaN: true }), { numRuns: 3000, seed: 7 }), ...fc.sample(dyadic, { numRuns: 3000, seed: 8 })];
    const cases = doubles.flatMap((d): Case[] => {
      // The text must round-trip in both languages: JS prints the shortest digits.
      const t = Number.isFinite(d) ? String(d) : d > 0 ? 'inf' : '-inf';
      return [
        { kind: 'repr', text: t },
        ...(Math.abs(d) < 1e15 ? [{ kind: 'fixed' as const, text: t }] : []),
      ];
    });
    const expected = await runPython(cases);
    const mismatches = cases.filter((c, i) => JSON.stringify(ours(c)) !== JSON.stringify(expected[i]));
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
