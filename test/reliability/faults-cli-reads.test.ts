import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliHarness, runCli, type CliRun } from '../support/cli';
import { runMain } from '../support/cli-in-process';

// The figures: 30% of requests answer a transient error (595, 596 on reads), and 5% of the
// rest lose their connection.
const FAULTS = { error_rate: 0.3, drop_rate: 0.05 };
const RUNS = 50;
/** Of each command's runs, this many are real `morpheus` processes; the rest run in this process (2 cores in CI). */
const PROCESSES = 3;
const WRONG_TOKEN_RUNS = 10;
/**
 * The bound on a command that gives up: the retry budget (about 2 s) and the last attempt.
 * Checked on runs in this process: a process adds Node's start-up, which on a loaded 2-core CI
 * machine is not the CLI's doing (its time is reported instead).
 */
const FAIL_WITHIN_MS = 3_000;
const GAVE_UP = /^error: (VM \d+: )?Proxmox answered with errors \d+ times in a row; the last: .+ \(GET \/[^)]*\)$/m;

const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  'mode list': ['mode', 'list'],
  'mode status': ['mode', 'status'],
  'mode switch --dry-run': ['mode', 'switch', 'windowsvrstreaming', '--dry-run'],
};

interface Timed extends CliRun {
  readonly ms: number;
  readonly process: boolean;
}

describe("the CLI's own Proxmox reads under 30% errors and 5% dropped connections", () => {
  const t = cliHarness({ worker: false });
  const summary: string[] = [];

  /** Runs `morpheus --config <file> …` as a process or in this one, timed. */
  async function run(args: readonly string[], o: { process: boolean; env?: NodeJS.ProcessEnv }): Promise<Timed> {
    const { process, env = t.cli.env } = o;
    const started = performance.now();
    const r = process ? await runCli(t.cli.args(...args), env) : await runMain(t.cli.args(...args), env);
    return { ...r, ms: performance.now() - started, process };
  }

  before(() => t.h.sim.control.setFaults(FAULTS));
  after(() => console.log(`faults-cli-reads: ${summary.join('; ')}`));

  for (const [name, args] of Object.entries(COMMANDS)) {
    it(`${name} succeeds at least ${RUNS - 1} times out of ${RUNS}, and a failure says how often Proxmox failed`, async () => {
      await t.h.sim.control.clearRequests();
      const runs: Timed[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run(args, { process: i < PROCESSES }));
      const { injected } = await t.h.sim.control.requests();
      const failed = runs.filter((r) => r.code !== 0);
      summary.push(`${name} ${RUNS - failed.length}/${RUNS} (${injected.errors} errors + ${injected.drops} drops injected)`);
      assert.ok(injected.errors > 0 && injected.drops > 0, 'the simulator injected no faults');
      for (const r of failed) {
        assert.equal(r.code, 6, r.stdout + r.stderr);
        assert.match(r.stderr, GAVE_UP);
        if (!r.process) assert.ok(r.ms < FAIL_WITHIN_MS, `a failure took ${Math.round(r.ms)} ms: ${r.stderr}`);
      }
      assert.ok(failed.length <= 1, `${failed.length} of ${RUNS} runs failed:\n${failed.map((r) => r.stderr).join('')}`);
    });
  }

  for (const [name, args] of Object.entries(COMMANDS)) {
    it(`${name} with a wrong token fails at once with exit 7, every time, without asking twice`, async () => {
      await t.h.sim.control.clearRequests();
      for (let i = 0; i < WRONG_TOKEN_RUNS; i++) {
        const r = await run(args, { process: i === 0, env: { ...t.cli.env, PROXMOX_API_TOKEN: 'wrong-secret' } });
        assert.equal(r.code, 7, r.stdout + r.stderr);
        assert.match(r.stderr, /^error: authentication failed: Proxmox said 401 "Authentication failed!"/m);
        if (!r.process) assert.ok(r.ms < FAIL_WITHIN_MS, `took ${Math.round(r.ms)} ms`);
      }
      // A command sends at most two reads before its first answer (mode status asks for the PCI list alongside).
      const { endpoints } = await t.h.sim.control.requests();
      const unauthorized = Object.values(endpoints).reduce((n, e) => n + (e.statuses['401'] ?? 0), 0);
      assert.ok(unauthorized <= 2 * WRONG_TOKEN_RUNS, `${unauthorized} requests answered 401 in ${WRONG_TOKEN_RUNS} runs: a 401 was asked again`);
    });
  }

  it('gives up within the budget when every read fails, naming the count and the last error', async () => {
    await t.h.sim.control.setFaults({ error_rate: 1 });
    try {
      const times: string[] = [];
      for (const [name, args] of Object.entries(COMMANDS)) {
        // The first command as a process, the others in this process.
        const r = await run(args, { process: times.length === 0 });
        times.push(`${name} ${(r.ms / 1000).toFixed(2)}s${r.process ? ' (a process)' : ''}`);
        assert.equal(r.code, 6, r.stdout + r.stderr);
        assert.match(r.stderr, GAVE_UP);
        assert.match(r.stderr, /in a row; the last: Proxmox failed: Proxmox said 59[56] "(No route to host|Connection timed out)"/);
        if (!r.process) assert.ok(r.ms < FAIL_WITHIN_MS, `gave up after ${Math.round(r.ms)} ms`);
      }
      summary.push(`every read failing: gave up after ${times.join(', ')}`);
    } finally {
      await t.h.sim.control.setFaults(FAULTS);
    }
  });
});
