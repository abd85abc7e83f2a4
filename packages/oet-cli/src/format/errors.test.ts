import { HttpError, HttpTimeoutError, HttpUnreachableError, InvalidResponseError } from '@observatory/core';
import { describe, expect, it } from 'vitest';
import { requestErrorMessage } from './errors.js';

const base = 'http://oet:5000/api';

describe('requestErrorMessage', () => {
  it('shows a string detail indented under the status', () => {
    const err = new HttpError(404, 'GET', `${base}/procedures/9`, { detail: 'No information available for PID=9' }, 'No information available for PID=9');
    expect(requestErrorMessage(err, base)).toBe('Server encountered error 404 Not Found:\n  No information available for PID=9');
  });

  it('shows one loc: msg line per 422 problem', () => {
    const body = {
      detail: [
        { type: 'missing', loc: ['body', 'script', 'script_uri'], msg: 'Field required' },
        { type: 'value_error', loc: ['body', 'script_args'], msg: 'must be an object' },
      ],
    };
    expect(requestErrorMessage(new HttpError(422, 'POST', base, body, undefined), base)).toBe(
      'Server encountered error 422 Unprocessable Entity:\n  body.script.script_uri: Field required\n  body.script_args: must be an object',
    );
  });

  it('parses a JSON body that arrived as text (SSE errors) and shows plain text as the server\'s words', () => {
    expect(requestErrorMessage(new HttpError(409, 'GET', base, '{"detail":"busy"}', undefined), base)).toBe('Server encountered error 409 Conflict:\n  busy');
    expect(requestErrorMessage(new HttpError(502, 'GET', base, 'Bad gateway', 'Bad gateway'), base)).toBe('The server encountered a problem: Bad gateway');
    expect(requestErrorMessage(new HttpError(500, 'GET', base, '', undefined), base)).toBe('The server encountered a problem: 500 Internal Server Error');
  });

  it('names the server for transport failures', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' });
    expect(requestErrorMessage(new HttpUnreachableError(`${base}/procedures/`, { cause: refused }), base)).toBe(
      `Cannot reach the OET server at ${base}: connect ECONNREFUSED 127.0.0.1:5000`,
    );
    expect(requestErrorMessage(new HttpTimeoutError(base, 2500), base)).toBe(`No answer from the OET server at ${base} within 2500 ms`);
    expect(requestErrorMessage(new InvalidResponseError('GET x did not return JSON'), base)).toBe('The server encountered a problem: GET x did not return JSON');
    expect(requestErrorMessage(new Error('other'), base)).toBeUndefined();
  });
});
