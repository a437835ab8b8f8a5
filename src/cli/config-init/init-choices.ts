import { MODE_NAME } from '../../config/schema';
import { GPU_MODES, type GpuMode } from '../../modes/types';
import { proposeModes, type GpuGuess, type VmCandidate } from '../../config-init/propose';
import { UsageError } from '../../errors';
import type { ConfigInitDeps, ConfigInitOptions } from './init';

// What the user picks: which VMs become modes, their names, and each unclear gpu_mode.

const vmLine = (v: VmCandidate, g: GpuGuess): string =>
  `  ${String(v.vmid).padEnd(6)} ${v.name.padEnd(20)} ${v.status.padEnd(8)} ${g.gpuMode.padEnd(9)} ${g.reason}${g.unclear ? ' (unclear)' : ''}`;

/** --modes, or the VMs the user picks from the list. */
export async function chooseVms(
  deps: ConfigInitDeps,
  o: ConfigInitOptions,
  vms: readonly VmCandidate[],
  guesses: ReadonlyMap<number, GpuGuess>,
): Promise<VmCandidate[]> {
  let wanted = o.modes;
  if (wanted === undefined) {
    if (!deps.ask)
      throw new UsageError('which VMs become modes? give --modes with their ids, e.g. --modes 101,102,103 (or --modes all)', {
        hint: `the VMs: ${vms.map((v) => `${v.vmid} ${v.name}`).join(', ')}`,
      });
    deps.say('The VMs, with the gpu_mode their passthrough suggests:');
    for (const v of vms) deps.say(vmLine(v, guesses.get(v.vmid)!));
    wanted = await deps.ask('Which become modes? (VM ids, comma-separated, or all) [all]', 'all');
  }
  if (wanted.trim() === 'all') return [...vms];
  const ids = wanted
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !vms.some((v) => String(v.vmid) === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError(ids.length === 0 ? 'no VM chosen' : `no VM ${unknown.join(', ')} on this node`, {
      hint: `its VMs: ${vms.map((v) => `${v.vmid} ${v.name}`).join(', ')}`,
    });
  }
  return vms.filter((v) => ids.includes(String(v.vmid)));
}

/** On a terminal: each mode's name, and the gpu_mode of each unclear guess (which then counts as decided). */
export async function chooseNames(deps: ConfigInitDeps, chosen: readonly VmCandidate[], guesses: Map<number, GpuGuess>): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (!deps.ask) return names;
  const defaults = proposeModes(chosen, (vm) => guesses.get(vm.vmid)!);
  for (const m of defaults) {
    const name = await deps.ask(`Mode name for VM ${m.vm.vmid} (${m.vm.name}) [${m.name}]`, m.name);
    if (!MODE_NAME.test(name) || [...names.values()].includes(name))
      throw new UsageError(`"${name}" cannot be a mode name here`, {
        hint: "lowercase letters, digits, '_' or '-', starting with a letter or digit, each name once",
      });
    names.set(m.vm.vmid, name);
    const guess = m.guess;
    if (!guess.unclear) continue;
    deps.say(`  ${guess.reason}`);
    const answer = await deps.ask(`gpu_mode for ${name}: exclusive, shared or none [${guess.gpuMode}]`, guess.gpuMode);
    if (!(GPU_MODES as readonly string[]).includes(answer)) throw new UsageError(`"${answer}" is not a gpu_mode`, { hint: 'exclusive, shared or none' });
    guesses.set(m.vm.vmid, {
      ...guess,
      gpuMode: answer as GpuMode,
      unclear: false,
      reason: `${guess.reason.replace(/: exclusive assumed$/, '')}; ${answer} chosen at config init`,
    });
  }
  return names;
}
