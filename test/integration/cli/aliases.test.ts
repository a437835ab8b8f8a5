import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { switchWorkflowId, type SwitchResult } from '../../../src/contract/switch';
import { TO_MODE_ATTRIBUTE } from '../../../src/contract/search-attributes';
import { cliHarness, runCli } from '../../support/cli';

// The seed's config with aliases: vr and linux for linuxvrstreaming, win for windowsvrstreaming,
// compute for nimsforestnogpu.
const ALIASES: Readonly<Record<string, string>> = { linuxvrstreaming: '[vr, linux]', windowsvrstreaming: '[win]', nimsforestnogpu: '[compute]' };

describe('mode aliases on the command line', () => {
  const t = cliHarness();
  const morpheus = (...args: string[]) => runCli(t.cli.args(...args), t.cli.env);
  before(() => {
    const text = readFileSync(t.cli.configFile, 'utf8').replace(/^ {4}(\w+):$/gm, (line, name: string) =>
      ALIASES[name] ? `${line}\n      aliases: ${ALIASES[name]}` : line,
    );
    writeFileSync(t.cli.configFile, text);
  });

  it("mode list shows each mode's aliases", async () => {
    const r = await morpheus('mode', 'list', '--json');
    assert.equal(r.code, 0, r.stderr);
    const modes = (JSON.parse(r.stdout) as { modes: { name: string; aliases: string[] }[] }).modes;
    assert.deepEqual(Object.fromEntries(modes.map((m) => [m.name, m.aliases])), {
      linuxvrstreaming: ['vr', 'linux'],
      windowsvrstreaming: ['win'],
      nimsforestnogpu: ['compute'],
      nimsforestsharedgpu: [],
    });
    assert.match((await morpheus('mode', 'list')).stdout, /Windows VR streaming \(also: win\)/);
  });

  it("mode switch takes an alias, and the workflow input carries the mode's own name", async () => {
    const r = await morpheus('mode', 'switch', 'win', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((JSON.parse(r.stdout) as { target: string; outcome: string }).target, 'windowsvrstreaming');
    const handle = t.h.client.workflow.getHandle(switchWorkflowId(t.h.config.proxmox.node));
    const result = (await handle.result()) as SwitchResult;
    assert.deepEqual([result.outcome, result.input.target], ['switched', 'windowsvrstreaming']);
    assert.equal((await handle.describe()).typedSearchAttributes.get(TO_MODE_ATTRIBUTE), 'windowsvrstreaming');
  });

  it('mode start, mode stop and --dry-run take aliases too', async () => {
    const dry = await morpheus('mode', 'switch', 'vr', '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((JSON.parse(dry.stdout) as { plan: { target: string } }).plan.target, 'linuxvrstreaming');
    const started = await morpheus('mode', 'start', 'compute', '--json');
    assert.equal(started.code, 0, started.stdout + started.stderr);
    assert.deepEqual((JSON.parse(started.stdout) as { target: string; outcome: string }).target, 'nimsforestnogpu');
    const stopped = await morpheus('mode', 'stop', 'compute', '--json');
    assert.equal(stopped.code, 0, stopped.stdout + stopped.stderr);
    assert.equal((JSON.parse(stopped.stdout) as { outcome: string }).outcome, 'stopped');
  });

  it("schedule add --mode takes an alias and stores the mode's own name", async () => {
    const r = await morpheus('schedule', 'add', 'vr-friday', '--mode', 'vr', '--cron', '0 19 * * FRI', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((JSON.parse(r.stdout) as { mode: string }).mode, 'linuxvrstreaming');
    assert.equal((await morpheus('schedule', 'delete', 'vr-friday')).code, 0);
  });

  it('an unknown name suggests the closest name or alias and lists the modes with their aliases', async () => {
    const r = await morpheus('mode', 'switch', 'wn');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /^error: unknown mode "wn"; did you mean "win"\?\nhint: known modes: linuxvrstreaming \(vr, linux\), windowsvrstreaming \(win\), nimsforestnogpu \(compute\), nimsforestsharedgpu/,
    );
  });
});
