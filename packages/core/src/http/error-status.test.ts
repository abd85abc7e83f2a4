import { describe, expect, test } from 'vitest';
import { ObservatoryError } from '../errors/observatory-error.js';
import { httpStatusForError } from './error-status.js';

class WithStatus extends ObservatoryError {
  constructor(readonly status: number) {
    super('TEST_WITH_STATUS', 'has a status');
  }
}

describe('httpStatusForError', () => {
  test('an error carrying its own status answers with it', () => {
    expect(httpStatusForError(new WithStatus(409))).toBe(409);
    expect(httpStatusForError(new WithStatus(409), { TEST_WITH_STATUS: 404 })).toBe(409);
  });

  test('otherwise its code picks the status, and an unmapped code is the fallback', () => {
    const err = new ObservatoryError('TEST_UNKNOWN_DEVICE', 'no such device');
    expect(httpStatusForError(err, { TEST_UNKNOWN_DEVICE: 404 })).toBe(404);
    expect(httpStatusForError(err, {})).toBe(500);
    expect(httpStatusForError(err, {}, 503)).toBe(503);
  });

  test('a status outside 400-599 is ignored', () => {
    expect(httpStatusForError(new WithStatus(200), { TEST_WITH_STATUS: 422 })).toBe(422);
  });

  test('errors that are not typed are the fallback, even when their code is in the table', () => {
    const plain = Object.assign(new Error('boom'), { code: 'TEST_UNKNOWN_DEVICE', status: 404 });
    expect(httpStatusForError(plain, { TEST_UNKNOWN_DEVICE: 404 })).toBe(500);
    expect(httpStatusForError('text')).toBe(500);
  });
});
