import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean } from '../../../src/config/suggest';

const MODES = ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu'];
const KEYS = ['host', 'port', 'verify_ssl', 'fingerprint'];
const COMMANDS = ['mode', 'sim', 'worker', 'demo', 'help'];

describe('didYouMean', () => {
  const table: [string, readonly string[], string | undefined][] = [
    ['mdoe', COMMANDS, 'mode'], // two neighbouring letters swapped: one edit
    ['swtich', ['list', 'status', 'switch', 'start', 'stop', 'watch'], 'switch'],
    ['wroker', COMMANDS, 'worker'],
    ['mod', COMMANDS, 'mode'], // one letter missing
    ['modes', COMMANDS, 'mode'], // one letter too many
    ['Mode', COMMANDS, 'mode'], // case does not count
    ['windowsvrstreeming', MODES, 'windowsvrstreaming'],
    ['linuxvr', MODES, 'linuxvrstreaming'], // the only name it starts
    ['nims', MODES, undefined], // starts two names: no guess
    ['verfy_ssl', KEYS, 'verify_ssl'],
    ['HOST', KEYS, 'host'],
    ['finger', KEYS, 'fingerprint'],
    ['password', KEYS, undefined],
    ['h'.repeat(100), KEYS, undefined],
    ['xyz', COMMANDS, undefined],
    ['', COMMANDS, undefined],
    ['a'.repeat(65), ['a'.repeat(64)], undefined], // longer than any name can be
  ];
  for (const [input, candidates, expected] of table) {
    it(`suggests ${expected ?? 'nothing'} for ${JSON.stringify(input.length > 20 ? `${input.slice(0, 8)}…` : input)}`, () =>
      assert.equal(didYouMean(input, candidates), expected));
  }
});
