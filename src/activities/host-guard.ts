import { Context } from '@temporalio/activity';
import { SCHEDULED_WORKFLOW_TYPE } from '../contract/scheduled';
import { nodeOfSwitchId, SWITCH_WORKFLOW_TYPE, switchWorkflowId } from '../contract/switch';
import { businessFailure, FailureType } from './failures';
import { type ActivityFn, wrapActivities } from './wrap';

// A Temporal Schedule appends its fire time to the workflow id of every run it starts.
const SCHEDULE_SUFFIX = /-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A worker's activities, one set per host it serves, by node name. */
type ByNode<T> = ReadonlyMap<string, T>;

/**
 * Runs a Proxmox activity with the activities of the host whose switch asks, the workflow
 * `morpheus-switch-<node>`, and only for such a switch. Workers of other configs that share the task
 * queue receive each other's activities; acting on one would power VMs on the wrong host. A switch
 * started under another id (a schedule pointed straight at the switch workflow, a Web UI start with
 * a made-up id) would escape the one-id-per-host serialization. Either way nothing is done, and the
 * failure names the real cause.
 */
export function forSwitchOf<T extends Record<string, ActivityFn>>(byNode: ByNode<T>): T {
  const nodes = [...byNode.keys()];
  const own = nodes.length === 1 ? switchWorkflowId(nodes[0]!) : switchWorkflowId('<node>');
  const served = nodes.length === 1 ? `host ${nodes[0]} (workflow ${own})` : `hosts ${nodes.join(', ')} (workflows ${own})`;
  return dispatch(byNode, (name) => {
    const { workflowExecution, taskQueue } = Context.current().info;
    const workflowId = workflowExecution?.workflowId ?? '(no workflow)';
    const node = nodeOfSwitchId(workflowId);
    if (byNode.has(node) && switchWorkflowId(node) === workflowId) return node;
    throw businessFailure(FailureType.wrongHost, `this worker serves ${served}, not ${workflowId}; ${name} did nothing`, {
      hint: wrongIdHint(workflowId, own, taskQueue),
    });
  });
}

function wrongIdHint(workflowId: string, own: string, taskQueue: string): string {
  if (SCHEDULE_SUFFIX.test(workflowId)) {
    return `a Temporal Schedule started ${SWITCH_WORKFLOW_TYPE} directly, and schedules append the fire time to the workflow id; let it start ${SCHEDULED_WORKFLOW_TYPE} instead, as \`morpheus schedule add\` does: that runs the switch under ${own}`;
  }
  if (workflowId.startsWith(switchWorkflowId(''))) return sharedQueueHint(taskQueue);
  return `start switches with the workflow id ${own} (as \`morpheus mode switch\` does): one id per host keeps them from overlapping`;
}

const sharedQueueHint = (taskQueue: string) =>
  `the workers of two hosts share the task queue "${taskQueue}": give each host its own temporal.task_queue (or MORPHEUS_TASK_QUEUE), or serve both from one worker with a hosts: config`;

/**
 * Runs bookkeeping activities (notifications, waiting on a switch, resuming schedules) only when they
 * name a host this worker serves: they touch no VM, but their config (targets, schedules) is the host's.
 */
export function forNodeArgOf<T extends Record<string, ActivityFn>>(nodes: readonly string[], activities: T): T {
  const served = nodes.length === 1 ? `host ${nodes[0]}` : `hosts ${nodes.join(', ')}`;
  return wrapActivities(activities, (name, fn) => async (...args) => {
    const named = (args[0] as { node?: unknown } | undefined)?.node;
    if (typeof named !== 'string' || !nodes.includes(named)) {
      throw businessFailure(FailureType.wrongHost, `this worker serves ${served}, not ${String(named)}; ${name} did nothing`, {
        hint: sharedQueueHint(Context.current().info.taskQueue),
      });
    }
    return fn(...args);
  });
}

/** One function per activity name that runs the activity of the host `pick` names (or throws). */
function dispatch<T extends Record<string, ActivityFn>>(byNode: ByNode<T>, pick: (name: string) => string): T {
  const any = byNode.values().next().value;
  if (any === undefined) throw new Error('a worker serves at least one host');
  return wrapActivities(
    any,
    (name) =>
      async (...args) =>
        (byNode.get(pick(name))![name] as ActivityFn)(...args),
  );
}
