import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../shared/project-root';

export const workflowBundlePath = (): string => join(projectRoot(), 'dist', 'workflow-bundle.js');

/** The pre-built bundle when it exists (fast start), else the workflow sources (bundled at start). */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = workflowBundlePath();
  return existsSync(bundle) ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('../workflows') };
}
