import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { Runtime } from '@temporalio/worker';
import { runtimeLogging } from '../../src/worker/logger';
import { switchWorkflowId } from '../../src/contract/switch';
import { cliSetup, runCli, type CliRun } from '../support/cli';
import { startHarness, type Harness } from '../support/harness';
import { inSequence } from '../support/in-sequence';
import { reportFigures } from '../support/input-figures';
import { spawnMorpheus } from '../support/process';
import { runWorker } from '../../src/worker/run-worker';
import { occurrences, textsOf, workflowRunTexts, type Scanned } from '../support/secret-scan';

// The token secret lives only in the worker's (and the CLI's) environment. Run every kind of switch
// (success, no-op, refusal, failure with and without rollback, stop, background + watch) and the
// failures a bad token makes (in the CLI and in the worker), then look for the secrets in everything:
// every run's history, memo, search attributes, description and progress answer; every line the
// worker's SDK logged (at DEBUG); every CLI stdout and stderr, text and --json.

const SECRET = `canary-${randomUUID()}`;
const LIMITED_SECRET = `limited-${randomUUID()}`;
const BAD_SECRET = `wrong-${randomUUID()}`;
const SECRETS = [SECRET, LIMITED_SECRET, BAD_SECRET];
const SWITCH = 'switch:\n  shutdown_timeout: 1s\n  start_timeout: 20s\n  network_timeout: 1s';

describe('the token secret never leaves the worker and CLI environments', () => {
  const logs: string[] = [];
  const outputs: Scanned[] = [];
  let h: Harness;
  let cli: ReturnType<typeof cliSetup>;
  let workflowsStarted = 0;
  // The first tests only produce what the last one scans (their checks are exit codes); if one of
  // them fails, the scan would miss its output, so it skips.
  const step = inSequence();

  before(async () => {
    // Before the harness starts its worker: installTestRuntime keeps a runtime that is already there.
    Runtime.install(runtimeLogging('DEBUG', (line) => logs.push(line)));
    h = await startHarness({
      switchSection: SWITCH,
      scenario: {
        tokens: [
          { id: 'morpheus@pam!morpheus-token', secret: SECRET, privileges: 'all' },
          { id: 'morpheus@pam!read-only', secret: LIMITED_SECRET, privileges: ['VM.Audit', 'Sys.Audit', 'VM.GuestAgent.Audit'] },
        ],
      },
    });
    await h.startWorker();
    cli = cliSetup(h, { switchSection: SWITCH });
  });
  after(() => h.close());

  let cliRuns = 0;

  /** Runs the CLI, keeps its output for the scan, and checks the exit code (one of `expected`). */
  async function morpheus(expected: number | number[], args: string[], env: NodeJS.ProcessEnv = cli.env, startsWorkflow = expected !== 3): Promise<CliRun> {
    const r = await runCli(cli.args(...args), env);
    cliRuns++;
    outputs.push({ where: `morpheus ${args.join(' ')} (stdout)`, text: r.stdout }, { where: `morpheus ${args.join(' ')} (stderr)`, text: r.stderr });
    assert.ok([expected].flat().includes(r.code), `morpheus ${args.join(' ')}: exit ${r.code}\n${r.stdout}${r.stderr}`);
    if (startsWorkflow && ['switch', 'start', 'stop'].includes(args[1]!) && !args.includes('--dry-run')) workflowsStarted++;
    return r;
  }

  step('for the scan: lists, shows and plans, as text and JSON (each exits 0)', async () => {
    for (const args of [
      ['mode', 'list'],
      ['mode', 'list', '--json'],
      ['mode', 'status'],
      ['mode', 'status', '--json'],
    ])
      await morpheus(0, args);
    await morpheus(0, ['mode', 'switch', 'windowsvrstreaming', '--dry-run']);
    await morpheus(0, ['mode', 'switch', 'windowsvrstreaming', '--dry-run', '--json']);
  });

  step('for the scan: switches, and a no-op (exit 0)', async () => {
    await morpheus(0, ['mode', 'switch', 'windowsvrstreaming']);
    await morpheus(0, ['mode', 'switch', 'nimsforestnogpu', '--json']);
    await morpheus(0, ['mode', 'switch', 'nimsforestnogpu']);
    await morpheus(0, ['mode', 'start', 'linuxvrstreaming', '--json']);
  });

  step('for the scan: refusals (exit 3), and a stop', async () => {
    await morpheus(3, ['mode', 'switch', 'nimsforestsharedgpu']);
    await morpheus(3, ['mode', 'switch', 'nimsforestsharedgpu', '--json']);
    await morpheus(3, ['mode', 'start', 'windowsvrstreaming', '--json']);
    await morpheus(0, ['mode', 'stop', 'linuxvrstreaming', '--json']);
  });

  step('for the scan: a start that fails, rolled back and not (exit 4)', async () => {
    await h.sim.control.patchVm(102, { behaviour: { start_fails: 'start failed: QEMU exited with code 1' } });
    await morpheus(4, ['mode', 'switch', 'windowsvrstreaming']);
    await morpheus(4, ['mode', 'switch', 'windowsvrstreaming', '--json']);
    await morpheus(4, ['mode', 'switch', 'windowsvrstreaming', '--no-rollback', '--json']);
    await h.sim.control.patchVm(102, { behaviour: { start_fails: null } });
    await morpheus(0, ['mode', 'status', '--json']);
  });

  step('for the scan: a switch in the background, and watching it', async () => {
    await morpheus(0, ['mode', 'switch', 'linuxvrstreaming', '--no-wait', '--json']);
    await morpheus(0, ['mode', 'watch', '--json']);
    await morpheus(0, ['mode', 'watch']);
  });

  step('for the scan: a wrong token in the CLI and in `morpheus worker` (exit 7)', async () => {
    const bad = { PROXMOX_API_TOKEN: BAD_SECRET };
    await morpheus(7, ['mode', 'list'], bad);
    await morpheus(7, ['mode', 'status', '--json'], bad);
    await morpheus(7, ['mode', 'switch', 'windowsvrstreaming', '--json'], bad, false);
    const worker = spawnMorpheus(cli.args('worker'), bad);
    const code = await worker.exited;
    outputs.push({ where: 'morpheus worker with a wrong token', text: worker.output() });
    assert.equal(code, 7, worker.output());
  });

  step("for the scan: switches that the worker's limited or wrong token fails", async () => {
    await h.stopWorker();
    const withToken = (id: string, secret: string) => runWorker({ ...h.config, proxmox: { ...h.config.proxmox, api_token_id: id, api_token_secret: secret } });
    const limited = await withToken('morpheus@pam!read-only', LIMITED_SECRET);
    try {
      const r = await morpheus(7, ['mode', 'switch', 'windowsvrstreaming', '--json']);
      assert.match(r.stdout, /permission denied: the API token lacks VM\.PowerMgmt on \/vms\/101/);
    } finally {
      await limited.stop();
    }
    const wrong = await withToken('morpheus@pam!morpheus-token', BAD_SECRET);
    try {
      // 7 since a failed observe step goes through switchFailure (faults-auth.test.ts checks it); the scan is what matters here.
      await morpheus([4, 7], ['mode', 'switch', 'windowsvrstreaming', '--json']);
    } finally {
      await wrong.stop();
    }
    // The harness's worker answers the progress queries of the scan.
    await h.startWorker();
  });

  step('shows none of the secrets anywhere: histories, memos, search attributes, logs, CLI output', async () => {
    const runs = await workflowRunTexts(h.client, switchWorkflowId(h.config.proxmox.node), workflowsStarted);
    const logTexts = logs.map((text, i) => ({ where: `worker log line ${i + 1}`, text }));
    const all = [...runs.texts, ...logTexts, ...outputs];

    // The scan sees what it should: decoded inputs in the histories, SDK logs, the CLI's answers.
    assert.ok(
      runs.texts.some((t) => t.where.endsWith('history') && t.text.includes('"requestedBy":"cli:')),
      'no decoded workflow input in the histories',
    );
    assert.ok(
      runs.texts.some((t) => t.where.endsWith('visibility') && t.text.includes('nimsforestnogpu')),
      'no search attribute values',
    );
    assert.ok(logs.some((l) => /Activity|Workflow/.test(l)) && logs.some((l) => / DEBUG /.test(l)), `the worker logged ${logs.length} lines`);
    assert.ok(outputs.some((o) => o.text.includes('Rolled back')) && outputs.some((o) => o.text.includes('"outcome": "refused"')));
    // And it would find a secret, as text, inside payload bytes, or in their base64.
    const planted = { data: Buffer.from(JSON.stringify({ secret: SECRET })), json: Buffer.from(`"x${LIMITED_SECRET}"`).toString('base64') };
    assert.equal(
      occurrences(
        textsOf(planted).map((text) => ({ where: 'planted', text })),
        SECRETS,
      ).length >= 2,
      true,
    );
    // A token secret travels only in the Authorization header (PVEAPIToken=ID=SECRET).
    const found = [...occurrences(all, SECRETS), ...all.filter((t) => t.text.includes('PVEAPIToken=')).map((t) => `${t.where}: an Authorization header`)];
    reportFigures('secrets', {
      'workflow runs': runs.runs,
      'history events': runs.events,
      'progress answers': runs.queried,
      'log lines': logs.length,
      'CLI runs': cliRuns,
      'texts scanned': all.length,
      'MB scanned': (all.reduce((n, t) => n + t.text.length, 0) / 1e6).toFixed(1),
      'secrets found': found.length,
    });
    assert.deepEqual(found.slice(0, 10), []);
    assert.ok(runs.runs >= workflowsStarted);
  });
});
