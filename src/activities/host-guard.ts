import { Context } from '@temporalio/activity';
import { SCHEDULED_WORKFLOW_TYPE } from '../contract/scheduled';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId } from '../contract/switch';
import { businessFailure, FailureType } from './failures';
import { type ActivityFn, wrapActivities } from './wrap';

// A Temporal Schedule appends its fire time to the workflow id of every run it starts.
const SCHEDULE_SUFFIX = /-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Runs Proxmox activities only for the switch of this worker's host, the workflow
 * `morpheus-switch-<node>`. Workers of two hosts that share a task queue receive each other's
 * activities; acting on one would power VMs on the wrong host. A switch started under another id
 * (a schedule pointed straight at the switch workflow, a Web UI start with a made-up id) would escape
 * the one-id-per-host serialization. Either way nothing is done, and the failure names the real cause.
 */
export function forSwitchOf<T extends Record<string, ActivityFn>>(node: string, activities: T): T {
  const own = switchWorkflowId(node);
  return wrapActivities(activities, (name, fn) => async (...args) => {
    const { workflowExecution, taskQueue } = Context.current().info;
    const workflowId = workflowExecution?.workflowId ?? '(no workflow)';
    if (workflowId !== own) {
      throw businessFailure(FailureType.wrongHost, `this worker serves host ${node} (workflow ${own}), not ${workflowId}; ${name} did nothing`, {
        hint: wrongIdHint(workflowId, own, taskQueue),
      });
    }
    return fn(...args);
  });
}

function wrongIdHint(workflowId: string, own: string, taskQueue: string): string {
  if (SCHEDULE_SUFFIX.test(workflowId)) {
    return `a Temporal Schedule started ${SWITCH_WORKFLOW_TYPE} directly, and schedules append the fire time to the workflow id; let it start ${SCHEDULED_WORKFLOW_TYPE} instead, as \`morpheus schedule add\` does: that runs the switch under ${own}`;
  }
  if (workflowId.startsWith(switchWorkflowId(''))) {
    return `the workers of two hosts share the task queue "${taskQueue}": give each host its own temporal.task_queue (or MORPHEUS_TASK_QUEUE)`;
  }
  return `start switches with the workflow id ${own} (as \`morpheus mode switch\` does): one id per host keeps them from overlapping`;
}

/**
 * Runs bookkeeping activities (notifications, waiting on a switch, resuming schedules) only when they
 * name this worker's host: they touch no VM, but their config (targets, schedules) is the host's.
 */
export function forNodeArgOf<T extends Record<string, ActivityFn>>(node: string, activities: T): T {
  return wrapActivities(activities, (name, fn) => async (...args) => {
    const named = (args[0] as { node?: unknown } | undefined)?.node;
    if (named !== node) {
      throw businessFailure(FailureType.wrongHost, `this worker serves host ${node}, not ${String(named)}; ${name} did nothing`, {
        hint: `the workers of two hosts share the task queue "${Context.current().info.taskQueue}": give each host its own temporal.task_queue (or MORPHEUS_TASK_QUEUE)`,
      });
    }
    return fn(...args);
  });
}
