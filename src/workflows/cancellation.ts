import { CancellationScope } from '@temporalio/workflow';

/**
 * Whether cancellation of the run was requested, readable at any point: work in a non-cancellable
 * scope does not see the request, so the workflow checks this between steps.
 */
export function cancellationWatch(): { readonly requested: boolean } {
  const watch = { requested: false };
  CancellationScope.current().cancelRequested.catch(() => {
    watch.requested = true;
  });
  return watch;
}
