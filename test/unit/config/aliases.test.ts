import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modesFromConfig } from '../../../src/modes/from-config';
import { assertRejected, ENV, errorOf, parse } from './fixtures';

/** The seed's modes with aliases (YAML flow lists) per mode, plus any extra top-level YAML. */
function withAliases(aliases: Partial<Record<'linux' | 'windows' | 'nogpu' | 'shared', string>>, extra = ''): string {
  const mode = (name: string, vmid: number, gpu: string, key: keyof typeof aliases, more = '') =>
    `    ${name}: { vmid: ${vmid}, gpu_mode: ${gpu}${aliases[key] ? `, aliases: ${aliases[key]}` : ''}${more} }`;
  return [
    'proxmox:',
    '  host: pve.lan',
    '  node: pve',
    '  api_token_id: "morpheus@pam!morpheus-token"',
    '  api_token_secret: "${PROXMOX_API_TOKEN}"',
    '  modes:',
    mode('linuxvrstreaming', 101, 'exclusive', 'linux'),
    mode('windowsvrstreaming', 102, 'exclusive', 'windows'),
    mode('nimsforestnogpu', 103, 'none', 'nogpu'),
    mode('nimsforestsharedgpu', 104, 'shared', 'shared', ', conflicts_with: [vr, win]'),
    extra,
  ].join('\n');
}

describe('mode aliases in the config', () => {
  it('are read per mode and kept on the modes the planner sees', () => {
    const { config } = parse(withAliases({ linux: '[vr, linux]', windows: '[win]' }), ENV);
    assert.deepEqual(config.proxmox.modes['linuxvrstreaming']!.aliases, ['vr', 'linux']);
    const modes = modesFromConfig(config);
    assert.deepEqual(
      modes.map((m) => m.aliases),
      [['vr', 'linux'], ['win'], undefined, undefined],
    );
    assert.equal(parse(withAliases({ linux: '[vr]', windows: '[win]' }), ENV).config.proxmox.modes['nimsforestnogpu']!.aliases, undefined);
  });

  it('may stand for a mode in conflicts_with and in the schedules: block; loading writes the mode names', () => {
    const text = withAliases(
      { linux: '[vr]', windows: '[win]', nogpu: '[compute]' },
      'schedules:\n  weekday-compute: { mode: compute, cron: "0 6 * * MON-FRI" }',
    );
    const { config } = parse(text, ENV);
    assert.deepEqual(config.proxmox.modes['nimsforestsharedgpu']!.conflicts_with, ['linuxvrstreaming', 'windowsvrstreaming']);
    assert.equal(config.schedules['weekday-compute']!.mode, 'nimsforestnogpu');
  });

  it("refuse an alias that is another mode's name, naming both modes", () => {
    assertRejected(
      withAliases({ linux: '[vr, windowsvrstreaming]', windows: '[win]' }),
      'proxmox.modes.linuxvrstreaming.aliases[1]: alias "windowsvrstreaming" of mode "linuxvrstreaming" is the name of mode "windowsvrstreaming"; a name must designate one mode',
    );
  });

  it('refuse an alias that another mode has too, naming both modes', () => {
    assertRejected(
      withAliases({ linux: '[vr]', windows: '[win, vr]' }),
      'proxmox.modes.windowsvrstreaming.aliases[1]: alias "vr" of mode "windowsvrstreaming" is also an alias of mode "linuxvrstreaming"; a name must designate one mode',
    );
  });

  it('refuse an alias equal to its own mode name, or listed twice', () => {
    assertRejected(
      withAliases({ linux: '[vr]', windows: '[win]', nogpu: '[nimsforestnogpu]' }),
      'proxmox.modes.nimsforestnogpu.aliases[0]: alias "nimsforestnogpu" is the mode\'s own name; remove it',
    );
    assertRejected(withAliases({ linux: '[vr, vr]', windows: '[win]' }), 'proxmox.modes.linuxvrstreaming.aliases[1]: alias "vr" is listed twice; remove one');
  });

  it('follow the mode-name rules', () => {
    assertRejected(
      withAliases({ linux: '[VR]', windows: '[win]' }),
      "proxmox.modes.linuxvrstreaming.aliases[0]: invalid mode name; expected lowercase letters, digits, '_' or '-', starting with a letter or digit, at most 63 characters",
    );
  });

  it('do not make a conflict with oneself acceptable', () => {
    const text = withAliases({ linux: '[vr]', windows: '[win]', shared: '[compute-gpu]' }).replace(
      'conflicts_with: [vr, win]',
      'conflicts_with: [vr, compute-gpu]',
    );
    assertRejected(text, 'proxmox.modes.nimsforestsharedgpu.conflicts_with[1]: a mode cannot conflict with itself; remove it from the list');
  });
});

describe('the schedules: block', () => {
  it('refuses a schedule whose mode is neither a mode nor an alias, with a suggestion', () => {
    const text = withAliases({ linux: '[vr]', windows: '[win]' }, 'schedules:\n  nightly: { mode: nimsforestnogp, cron: "@daily" }');
    const issues = errorOf(text, ENV).issues;
    assert.deepEqual(issues, [
      'schedules.nightly.mode: unknown mode "nimsforestnogp"; known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu, nimsforestsharedgpu; did you mean "nimsforestnogpu"?',
    ]);
  });
});
