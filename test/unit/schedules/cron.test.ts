import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCron, parseCron } from '../../../src/schedules/cron';

const words = (expr: string): string => {
  const p = parseCron(expr);
  assert.ok(p.ok, p.ok ? '' : p.error);
  return describeCron(p.cron);
};

describe('cron expressions in words', () => {
  const cases: [string, string][] = [
    ['0 19 * * FRI', 'Fridays at 19:00'],
    ['0 19 * * 5', 'Fridays at 19:00'],
    ['0 6 * * MON', 'Mondays at 06:00'],
    ['30 7 * * 1-5', 'weekdays at 07:30'],
    ['0 10 * * SAT,SUN', 'weekends at 10:00'],
    ['0 10 * * 0,6', 'weekends at 10:00'],
    ['0 10 * * 7', 'Sundays at 10:00'],
    ['0 6,18 * * *', 'every day at 06:00 and 18:00'],
    ['15 * * * *', 'every day every hour at :15'],
    ['* * * * *', 'every day every minute'],
    ['0 19 28 * *', 'on day 28 of the month at 19:00'],
    ['0 0 1,15 * *', 'on days 1 and 15 of the month at 00:00'],
    ['0 0 1 1 *', 'on day 1 of the month in January at 00:00'],
    ['0 9 * JAN,FEB,DEC MON', 'Mondays in January, February and December at 09:00'],
    ['0 12 13 * FRI', 'on day 13 of the month and Fridays at 12:00'],
    ['@daily', 'every day at 00:00'],
    ['@weekly', 'Sundays at 00:00'],
    ['*/15 8-9 * * *', 'every day at minutes 0, 15, 30 and 45 of hours 8 and 9'],
  ];
  for (const [expr, text] of cases) it(`reads "${expr}" as "${text}"`, () => assert.equal(words(expr), text));
});

describe('cron errors name the field', () => {
  const cases: [string, RegExp][] = [
    ['0 25 * * *', /^hour "25": "25" is not a number from 0 to 23$/],
    ['61 * * * *', /^minute "61": "61" is not a number from 0 to 59$/],
    ['0 19 * * FRU', /^day of week "FRU": "FRU" is not SUN…SAT or a number from 0 to 7$/],
    ['0 19 * 13 *', /^month "13": "13" is not JAN…DEC or a number from 1 to 12$/],
    ['0 19 0 * *', /^day of month "0"/],
    ['0 19 * *', /got 4 fields$/],
    ['0 0 19 * * FRI', /got 6 fields$/],
    ['0 5-1 * * *', /^hour "5-1": range 5-1 runs backwards$/],
    ['*/0 * * * *', /^minute "\*\/0": step "0" must be a whole number of at least 1$/],
    ['@sometimes', /got 1 field$/],
    ['', /got 0 fields$/],
  ];
  for (const [expr, error] of cases) {
    it(`refuses ${JSON.stringify(expr)}`, () => {
      const p = parseCron(expr);
      assert.equal(p.ok, false);
      assert.match(p.ok ? '' : p.error, error);
    });
  }
});
