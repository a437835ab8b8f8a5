import { ExitCode } from '../../errors';
import type { ConfigInitResult } from '../config-init/init';
import type { View } from '../output';

const tlsText = (r: ConfigInitResult): string =>
  r.tls.kind === 'pin'
    ? `certificate pinned (${r.tls.fingerprint})`
    : r.tls.kind === 'ca'
      ? `certificate checked against ${r.tls.file}`
      : "certificate trusted through this machine's CAs";

export const configInitView: View<ConfigInitResult> = {
  text: (r, c) => {
    // --print: the config itself, ready to redirect into a file.
    if (!r.path) return [r.yaml.trimEnd()];
    const unclear = r.modes.filter((m) => m.guess.unclear);
    return [
      c.green(`✓ Wrote ${r.path}: node ${r.node}, ${r.modes.length} mode${r.modes.length === 1 ? '' : 's'}, ${tlsText(r)}`),
      ...r.modes.map(
        (m) =>
          `  ${m.name.padEnd(22)} VM ${String(m.vm.vmid).padEnd(6)} ${m.guess.gpuMode.padEnd(9)}${m.conflictsWith.length > 0 ? ` conflicts with ${m.conflictsWith.join(', ')}` : ''}`,
      ),
      ...(unclear.length > 0
        ? [
            '',
            c.yellow(`Check the gpu_mode of ${unclear.map((m) => m.name).join(', ')} (marked CHECK in the file):`),
            ...unclear.map((m) => `  ${m.name}: ${m.guess.reason}`),
          ]
        : []),
      '',
      'Next:',
      `  export ${r.secretEnv}=…        # the token's secret; the file only says \${${r.secretEnv}}`,
      '  morpheus doctor             # checks privileges, passthrough, guest agents, Temporal',
      '  morpheus worker --dev-server',
    ];
  },
  json: (r) => ({
    path: r.path ?? null,
    node: r.node,
    tls: r.tls,
    modes: r.modes.map((m) => ({
      name: m.name,
      vmid: m.vm.vmid,
      gpu_mode: m.guess.gpuMode,
      reason: m.guess.reason,
      unclear: m.guess.unclear,
      conflicts_with: m.conflictsWith,
    })),
    yaml: r.yaml,
  }),
  exitCode: () => ExitCode.ok,
};
