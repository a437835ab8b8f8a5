import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDevServer, type RunningDevServer } from '../../src/devserver/dev-server';
import { freePort } from '../../src/devserver/free-port';
import { assertSafeRecovery, START, STOP } from '../support/crash-checks';
import { CrashFixture } from '../support/crash-fixture';
import { finishWhenUnderWay, HELD } from '../support/simulator';
import { CrashFigures, dice, REPEAT } from '../support/crash-figures';
import { activityRunning, both, timerStarted, waitForPoint } from '../support/kill-points';

// `kill -9` of the Temporal server (a dev server of this test's own, persisted in a SQLite file) in the
// middle of a switch, then the same server again on the same port and file. The worker process is the
// same one throughout: it has to reconnect, not be restarted.

const CLI = process.env['MORPHEUS_TEST_TEMPORAL_CLI'];

describe('killing the Temporal server with -9 in the middle of a switch', { skip: !CLI && 'needs the test runner (node dist/test/run.js)' }, () => {
  const figures = new CrashFigures('crash-temporal');
  const dir = mkdtempSync(join(tmpdir(), 'morpheus-crash-temporal-'));
  const dbFile = join(dir, 'temporal.db');
  let port: number;
  let server: RunningDevServer;
  let f: CrashFixture;

  const startServer = async () => (server = await startDevServer({ cliPath: CLI!, port, uiPort: false, dbFile }));
  /** kill -9, `downMs` without a server, then the same server again; answers how long the restart took. */
  const crashServer = async (downMs: number) => {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGKILL');
    await exited;
    await sleep(downMs);
    const started = Date.now();
    await startServer();
    return Date.now() - started;
  };

  before(async () => {
    port = await freePort();
    await startServer();
    f = await CrashFixture.start({ temporalAddress: server.address });
  });
  after(async () => {
    figures.report();
    await f?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (let round = 0; round < REPEAT; round++) {
    const d = dice(200 + round);
    it(`finishes the switch with the same worker after the server died during the shutdown wait and again during the start${REPEAT > 1 ? ` (round ${round + 1})` : ''}`, async () => {
      // VM 103 powers off, and VM 102's start task ends, only when the test says so, each after an
      // outage: both waits outlast it however slow the machine (103's timer is 60 s).
      const handle = await f.startSwitch({
        from: 103,
        guests: { 103: { behaviour: { shutdown_duration: HELD } }, 102: { behaviour: { start_duration: HELD } } },
      });
      await f.ensureWorker();
      const workerPid = f.worker!.child.pid;

      await waitForPoint(handle, both(timerStarted, activityRunning('shutdownAndWait')));
      await sleep(d.offset(2_000));
      const restart1 = await crashServer(1_000 + d.offset(14_000));
      figures.kills++;
      await finishWhenUnderWay(f.sim.control, 103);

      const atStart = await waitForPoint(handle, activityRunning('startAndVerify', { issuedTask: true }));
      await sleep(d.offset(2_000));
      const killedAt = Date.now();
      const restart2 = await crashServer(1_000 + d.offset(14_000));
      await finishWhenUnderWay(f.sim.control, 102);

      const o = await f.finish(handle, killedAt, atStart);
      assertSafeRecovery(o, figures, 'Temporal server during the start');
      assert.equal(f.worker?.child.pid, workerPid, 'the same worker process finished the switch');
      assert.equal(f.worker?.child.exitCode, null, 'the worker is still running');
      assert.equal(o.count(STOP), 0, 'the guest powered off by ACPI; no forced stop');
      assert.equal(o.count(START), 1);
      console.log(`# server restarts took ${restart1} ms and ${restart2} ms; the switch completed ${(o.recoveryMs / 1000).toFixed(1)} s after the second kill`);
    });
  }
});
