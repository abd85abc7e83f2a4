import { describe, expect, it } from 'vitest';
import type { ActivitySummary } from '../types.js';
import { activityTable, describeActivity } from './activities.js';
import { palette } from './colour.js';

const activity: ActivitySummary = {
  id: 1,
  activity_name: 'observe',
  sbd_id: 'sbd-123',
  sbi_id: 'sbi-1',
  procedure_id: 1,
  prepare_only: false,
  script_args: { init: { kwargs: { foo: 'bar' } } },
  activity_states: [
    ['TODO', 1673013407.655175],
    ['COMPLETE', 1673013410.382756],
  ],
  state: 'COMPLETE',
  uri: 'http://127.0.0.1:5000/api/activities/1',
};

describe('activity tables', () => {
  it('lists ID | Activity | SB ID | Creation Time | Procedure ID | State', () => {
    expect(activityTable([activity], palette(false)).split('\n').slice(0, 3)).toEqual([
      'ID  Activity  SB ID    Creation Time        Procedure ID  State',
      '--  --------  -------  -------------------  ------------  --------',
      ' 1  observe   sbd-123  2023-01-06 13:56:47             1  COMPLETE',
    ]);
  });

  it('describes the URI, the state history and the script arguments', () => {
    const text = describeActivity(activity, palette(false));
    expect(text).toContain('http://127.0.0.1:5000/api/activities/1  false');
    expect(text).toContain('2023-01-06 13:56:50.382756  COMPLETE');
    expect(text).toContain('Script Arguments\n----------------\nMethod  Arguments  Keyword Arguments');
    expect(text).toContain('init    []         {"foo":"bar"}');
  });
});
