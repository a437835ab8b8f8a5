import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { HoldInput } from '../contract/scheduled';
import { quick } from './activity-options';

/**
 * "Not tonight": `morpheus schedule pause --all --until 06:00` pauses the host's schedules and starts
 * this workflow, a durable timer that resumes them when the hold ends. A schedule someone paused or
 * changed for another reason in the meantime keeps its state. `schedule resume` cancels the hold.
 */
export async function scheduleHoldWorkflow(hold: HoldInput): Promise<{ resumed: readonly string[] }> {
  await sleep(Math.max(0, hold.until - Date.now()), { summary: `Hold ${hold.node}'s schedules until ${new Date(hold.until).toISOString()}` });
  return proxyActivities<Activities>(quick('Resume the held schedules')).resumeSchedules(hold);
}
