import { describe, it } from 'node:test';
import { assertRejected, configWith } from './fixtures';

const withSchedule = (s: Record<string, unknown>) => configWith({ 'schedules.vr': { mode: 'linux', cron: '0 19 * * FRI', ...s } });
const withTarget = (t: Record<string, unknown>) => configWith({ notify: [{ type: 'webhook', url: 'https://hooks.example/m', ...t }] });

// [what is wrong, config text, the one issue expected]
const cases: [string, string, string][] = [
  [
    'a schedule naming an unknown mode',
    withSchedule({ mode: 'linx' }),
    'schedules.vr.mode: unknown mode "linx"; known modes: linux, windows, shared; did you mean "linux"?',
  ],
  ['a cron hour out of range', withSchedule({ cron: '0 24 * * *' }), 'schedules.vr.cron: hour "24": "24" is not a number from 0 to 23'],
  ['both cron and every', withSchedule({ every: '1h' }), 'schedules.vr.every: give exactly one of cron or every'],
  [
    'an interval under a minute',
    withSchedule({ cron: undefined, every: '30s' }),
    'schedules.vr.every: expected at least 1m: a mode switch takes longer than that',
  ],
  ['an offset without every', withSchedule({ offset: '1h' }), 'schedules.vr.offset: only used with every'],
  [
    'an unknown time zone',
    withSchedule({ timezone: 'Europe/Amsterdm' }),
    'schedules.vr.timezone: expected an IANA time zone such as "Europe/Amsterdam" or "UTC"',
  ],
  ['a catch-up window under 10s', withSchedule({ catchup_window: '5s' }), 'schedules.vr.catchup_window: expected a duration from 10s to 7d'],
  ['an action that is not switch, start or stop', withSchedule({ action: 'reboot' }), 'schedules.vr.action: expected one of switch, start, stop'],
  [
    'a schedule name with capitals',
    configWith({ 'schedules.VR': { mode: 'linux', cron: '@daily' } }),
    "schedules.VR: invalid schedule name; expected lowercase letters, digits, '_' or '-', starting with a letter or digit, at most 63 characters",
  ],
  ['a notification URL that is not http(s)', withTarget({ url: 'ftp://x/y' }), 'notify[0].url: expected an http:// or https:// URL'],
  [
    'a webhook key written in the file',
    withTarget({ secret_env: 'hunter2 is my key' }),
    'notify[0].secret_env: expected the name of an environment variable (letters, digits, _), not its value',
  ],
  [
    'an unknown event',
    withTarget({ events: ['switched', 'exploded'] }),
    'notify[0].events[1]: expected one of switched, noop, refused, failed, rolled_back, skipped, cancelled',
  ],
  [
    'an unknown target type',
    configWith({ notify: [{ type: 'email', url: 'https://x' }] }),
    'notify[0].type: expected a notification target with type: webhook or type: ntfy',
  ],
];

describe('invalid schedules and notify sections', () => {
  for (const [what, text, issue] of cases) {
    it(`rejects ${what} with one line naming the key`, () => assertRejected(text, issue));
  }
});
