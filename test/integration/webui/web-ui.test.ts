import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import { startDevServer, type RunningDevServer } from '../../../src/devserver/dev-server';
import { freePort } from '../../../src/devserver/free-port';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { runWorker, type RunningWorker } from '../../../src/worker/run-worker';
import { switchWorkflowId, type SwitchResult } from '../../../src/contract/switch';
import { chromiumMissing, launchBrowser, type TestBrowser } from '../../support/browser';
import { runCli } from '../../support/cli';
import { ADD_VR_FRIDAY } from '../../support/schedules';
import { testConfig, testConfigYaml } from '../../support/morpheus';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';
import { installTestRuntime } from '../../support/temporal';

// The Web UI as a person sees it: Debian's chromium, headless, on a dev server of this file's own (the
// test run's shared server is headless), after real switches against the simulator. Screenshots land in
// test-artifacts/web-ui/.

const missing = chromiumMissing();
// On a machine that cannot have Chromium the file says why and skips; in CI that is a failure.
const skip = missing !== undefined && !process.env['CI'] ? missing : false;

// The shutdown timeout is long so that the switch of the last test stays at its pending "power off" wait
// until the test ends it; the others never reach it (their guests power off in 80 ms).
const SWITCH = 'switch:\n  shutdown_timeout: 10m\n  start_timeout: 20s\n  network_timeout: 5s';
// The list shows Morpheus's search attributes as columns, as a user would add them (table settings).
const COLUMNS = ['Status', 'Workflow ID', 'MorpheusToMode', 'MorpheusOutcome', 'Start'];

/** Resolves once `check` holds, asking again every 100 ms (each ask reads live state). */
async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Run {
  readonly run_id: string;
  readonly web_ui: string;
  readonly outcome: string;
}

describe('the Temporal Web UI, in a real browser', { skip }, () => {
  const node = `pve-ui-${randomUUID().slice(0, 6)}`;
  const workflowId = switchWorkflowId(node);
  let server: RunningDevServer;
  let sim: TestSimulator;
  let worker: RunningWorker;
  let browser: TestBrowser;
  let dir: string;
  let uiUrl: string;
  /** The finished switch every test but the last looks at: linuxvrstreaming → windowsvrstreaming. */
  let finished: Run;

  const morpheus = async (...args: string[]) => {
    const r = await runCli(['--config', join(dir, 'config.yaml'), ...args], { PROXMOX_API_TOKEN: sim.token.secret, MORPHEUS_UI_URL: uiUrl });
    assert.equal(r.code, 0, `morpheus ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return JSON.parse(r.stdout) as Run;
  };

  const open = async (url: string): Promise<Page> => {
    const page = await browser.page();
    await page.goto(url);
    return page;
  };

  before(async () => {
    if (missing !== undefined) throw new Error(missing);
    const cliPath = process.env['MORPHEUS_TEST_TEMPORAL_CLI'];
    if (!cliPath) throw new Error('MORPHEUS_TEST_TEMPORAL_CLI is not set: run the tests with `npm test`');
    server = await startDevServer({ cliPath, uiPort: await freePort() });
    uiUrl = server.uiUrl!;
    sim = await startTestSimulator({ scenario: { ...DEFAULT_SCENARIO, node } });
    dir = mkdtempSync(join(tmpdir(), 'morpheus-web-ui-'));
    const options = { taskQueue: `morpheus-${node}`, temporalAddress: server.address, switchSection: SWITCH };
    writeFileSync(join(dir, 'config.yaml'), testConfigYaml(sim, options));
    installTestRuntime();
    worker = await runWorker(testConfig(sim, options));
    browser = await launchBrowser('web-ui', {
      'namespace-workflow-table-columns': JSON.stringify({ [server.namespace]: COLUMNS.map((label) => ({ label, pinned: false })) }),
    });
    finished = await morpheus('mode', 'switch', 'windowsvrstreaming', '--json');
    assert.equal(finished.outcome, 'switched');
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await sim?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the switch with its target and outcome, and shows its summary', async () => {
    const page = await open(`${uiUrl}/namespaces/${server.namespace}/workflows?query=${encodeURIComponent(`RunId="${finished.run_id}"`)}`);
    const row = page.getByTestId('workflows-summary-configurable-table-row');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const headers = await page.locator('[data-testid^="workflows-summary-table-header-cell-"]').allInnerTexts();
    const cells = await row.getByTestId('workflows-summary-table-body-cell').allInnerTexts();
    const cell = (label: string) => cells[headers.findIndex((h) => h.trim() === label)]?.trim();
    assert.equal(cell('Workflow ID'), workflowId);
    assert.equal(cell('MorpheusToMode'), 'windowsvrstreaming');
    assert.equal(cell('MorpheusOutcome'), 'switched');
    assert.match(cell('Status') ?? '', /completed/i);
    await browser.screenshot(page, 'list');

    // The list has no summary column; the run's User Metadata tab shows the summary the CLI set.
    await page.getByRole('link', { name: workflowId }).click();
    await page.getByTestId('user-metadata-tab').click();
    const summary = page.frameLocator('#user-metadata-summary').locator('body');
    await summary.getByText(`${node}: linuxvrstreaming → windowsvrstreaming`).waitFor();
    await browser.screenshot(page, 'summary');
  });

  it('shows the named steps in the history: ACPI shutdown, the shutdown timer, start, the network wait', async () => {
    // The link the CLI printed, as a user would follow it.
    const page = await open(finished.web_ui);
    assert.match(page.url(), new RegExp(`/workflows/${workflowId}/${finished.run_id}/history`));
    for (const step of [
      'ACPI shutdown of linuxvrstreaming (VM 101), waiting for it to power off',
      'Shutdown timeout of linuxvrstreaming (VM 101): 600s',
      'Verify the GPU is free for windowsvrstreaming (VM 102)',
      'Start windowsvrstreaming (VM 102) and confirm it runs',
      'Wait for the network of windowsvrstreaming (VM 102)',
    ]) {
      await page.getByText(step, { exact: true }).first().waitFor();
    }
    await browser.screenshot(page, 'history');
  });

  it('shows the pending activity of a running switch', async () => {
    // A guest that ignores ACPI keeps the switch at "wait for it to power off" for the 10-minute timeout.
    await sim.control.patchVm(102, { behaviour: { ignores_acpi: true } });
    const running = await morpheus('mode', 'switch', 'linuxvrstreaming', '--no-wait', '--json');
    assert.equal(running.outcome, 'started-in-background');
    const page = await open(running.web_ui.replace(/\/history$/, '/pending-activities'));
    await page.getByText('shutdownAndWait', { exact: true }).first().waitFor();
    assert.equal((await page.getByTestId('pending-activities-tab').innerText()).replace(/\D/g, ''), '1');
    await browser.screenshot(page, 'pending-activity');

    // Then Proxmox gives up on the ACPI request (its shutdown task ends with the timeout Morpheus passed,
    // 10 simulated minutes) and someone stops the VM by hand: the switch sees it off and goes on to its end.
    await until(async () => !(await sim.control.state()).running_tasks.some((upid) => upid.includes(':qmshutdown:102:')));
    await sim.client().stopVm(102);
    // (Not `mode watch`: the switch may well end before a CLI process has started to watch it.)
    const connection = await Connection.connect({ address: server.address });
    try {
      const result = await new Client({ connection }).workflow.getHandle<() => Promise<SwitchResult>>(workflowId, running.run_id).result();
      assert.equal(result.outcome, 'switched');
    } finally {
      await connection.close();
    }
    await page.getByText('No Pending Activities').first().waitFor();
  });

  it('shows a schedule made with the CLI on the Schedules page', async () => {
    const made = (await morpheus(...ADD_VR_FRIDAY, '--json')) as unknown as { id: string };
    const page = await open(`${uiUrl}/namespaces/${server.namespace}/schedules`);
    await page.getByRole('link', { name: made.id }).first().waitFor();
    await browser.screenshot(page, 'schedules');
    await page.getByRole('link', { name: made.id }).first().click();
    await page.getByText('scheduledSwitchWorkflow').first().waitFor();
    await browser.screenshot(page, 'schedule');
  });
});
