import { Context } from '@temporalio/activity';
import { switchWorkflowId } from '../workflows/contract';
import { businessFailure, FailureType } from './failures';
import { type ActivityFn, wrapActivities } from './wrap';

/**
 * Runs activities only for the switch of this worker's host, the workflow `morpheus-switch-<node>`.
 * Workers of two hosts that share a task queue receive each other's activities; acting on one would
 * power VMs on the wrong host. A switch started under another id would escape the one-id-per-host
 * serialization. Either way nothing is done, and the failure says how to fix the setup.
 */
export function forHost<T extends Record<string, ActivityFn>>(node: string, activities: T): T {
  const own = switchWorkflowId(node);
  return wrapActivities(activities, (name, fn) => async (...args) => {
    const { workflowExecution, taskQueue } = Context.current().info;
    const workflowId = workflowExecution?.workflowId ?? '(no workflow)';
    if (workflowId !== own) {
      const otherHost = workflowId.startsWith(switchWorkflowId(''));
      throw businessFailure(FailureType.wrongHost, `this worker serves host ${node} (workflow ${own}), not ${workflowId}; ${name} did nothing`, {
        hint: otherHost
          ? `the workers of two hosts share the task queue "${taskQueue}": give each host its own temporal.task_queue (or MORPHEUS_TASK_QUEUE)`
          : `start switches with the workflow id ${own} (as \`morpheus mode switch\` does): one id per host keeps them from overlapping`,
      });
    }
    return fn(...args);
  });
}
