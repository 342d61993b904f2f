import { reportProblems } from './report-rules';
import { REPORT_REASONS } from './trust-vocabulary';

describe('reportProblems', () => {
  it.each(REPORT_REASONS.filter((r) => r !== 'other'))('needs no note for %s', (reason) => {
    expect(reportProblems(reason, undefined)).toEqual([]);
    expect(reportProblems(reason, null)).toEqual([]);
  });

  it('needs a note that says something when the reason is other', () => {
    const missing = [{ field: 'note', message: 'note is required when reason is other' }];
    expect(reportProblems('other', undefined)).toEqual(missing);
    expect(reportProblems('other', null)).toEqual(missing);
    expect(reportProblems('other', '')).toEqual(missing);
    expect(reportProblems('other', ' \n\t')).toEqual(missing);
    expect(reportProblems('other', 'x')).toEqual([]);
  });
});
