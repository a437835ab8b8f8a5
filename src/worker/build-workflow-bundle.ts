import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { withSlimSourceMap } from './slim-source-map';
import { workflowBundlePath } from './workflow-source';

// Run at build time (scripts/build.sh): bundles the workflows once, so a worker starts without webpack.
async function main(): Promise<void> {
  const started = Date.now();
  const code = withSlimSourceMap((await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger })).code);
  mkdirSync(dirname(workflowBundlePath()), { recursive: true });
  writeFileSync(workflowBundlePath(), code);
  console.error(`Bundled workflows into ${workflowBundlePath()} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)`);
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.error(message),
  error: (message: string) => console.error(message),
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
