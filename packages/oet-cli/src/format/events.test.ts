import { describe, expect, it } from 'vitest';
import { parseEvent } from '../event-feed.js';
import { eventJson, eventProcedureId, formatEvent, topicMatches } from './events.js';

const result = { id: 4, script: { script_type: 'filesystem', script_uri: 'file:///s/a.js' }, script_args: { init: { args: [], kwargs: { subarray_id: 2 } } } };
const event = (payload: Record<string, unknown>, id = '7') => parseEvent(id, JSON.stringify(payload))!;

describe('formatEvent', () => {
  it.each([
    [{ topic: 'procedure.lifecycle.created', msg_src: 'SESWorker', result }, '- Procedure 4 (file:///s/a.js) ready for execution on subarray 2'],
    [{ topic: 'procedure.lifecycle.started', msg_src: 'SESWorker', result }, '- Procedure 4 (file:///s/a.js) started execution on subarray 2'],
    [{ topic: 'procedure.lifecycle.complete', msg_src: 'SESWorker', result }, '- Procedure 4 (file:///s/a.js) execution complete on subarray 2'],
    [{ topic: 'procedure.lifecycle.stopped', msg_src: 'SESWorker', result }, '- Procedure 4 (file:///s/a.js) execution stopped on subarray 2'],
    [
      { topic: 'procedure.lifecycle.failed', msg_src: 'SESWorker', result: { ...result, script_args: { init: { args: [], kwargs: {} } } } },
      '- Procedure 4 (file:///s/a.js) execution failed',
    ],
    [{ topic: 'procedure.lifecycle.statechange', msg_src: '4', new_state: 'READY' }, '- Procedure 4 is READY'],
    [{ topic: 'procedure.lifecycle.stacktrace', msg_src: '4', stacktrace: 'Error: x\n    at f (a.js:1:1)\n' }, '- Procedure 4 stack trace:\n    Error: x\n        at f (a.js:1:1)'],
    [{ topic: 'user.script.announce', msg_src: '4', msg: 'scan 1' }, '- Script message: scan 1'],
    [{ topic: 'subarray.fault', msg_src: '4', subarray_id: 1, error: 'boom' }, '- Subarray 1 error: boom'],
    [{ topic: 'scan.lifecycle.start', msg_src: '4', sb_id: 'sbi-1', scan_id: 3 }, '- SB sbi-1: scan 3 starting'],
    [{ topic: 'my.custom.topic', msg_src: '4', value: [1, 2] }, '- my.custom.topic: {"msg_src":"4","value":[1,2]}'],
  ])('%j', (payload, line) => {
    expect(formatEvent(event(payload))).toBe(line);
  });

  it('keeps events whose data is not JSON', () => {
    expect(formatEvent(parseEvent('3', 'not json')!)).toBe('- unparsed: {"data":"not json"}');
    expect(parseEvent('3', '')).toBeUndefined();
  });
});

describe('event helpers', () => {
  it('finds the procedure of lifecycle, state and script events', () => {
    expect(eventProcedureId(event({ topic: 'procedure.lifecycle.created', msg_src: 'SESWorker', result }))).toBe(4);
    expect(eventProcedureId(event({ topic: 'user.script.announce', msg_src: '12' }))).toBe(12);
    expect(eventProcedureId(event({ topic: 'x', msg_src: 'ActivityWorker' }))).toBeUndefined();
  });

  it('matches a topic and its sub-topics only', () => {
    expect(topicMatches('procedure.pool.list', ['request', 'procedure.pool'])).toBe(true);
    expect(topicMatches('request', ['request'])).toBe(true);
    expect(topicMatches('requests.x', ['request'])).toBe(false);
    expect(topicMatches('procedure.lifecycle.created', ['procedure.pool'])).toBe(false);
  });

  it('puts the stream id first in NDJSON, over any id in the payload', () => {
    expect(eventJson(event({ topic: 't', id: 'payload', a: 1 }, '42'))).toBe('{"id":42,"topic":"t","a":1}');
  });
});
