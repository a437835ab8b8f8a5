// Lint rules that guard what comments used to: the workflow sandbox boundary, awaited promises.
// Formatting is Prettier's (.prettierrc.json); `npm run lint` runs both, and so does `npm test`.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O modules, no SDK
// parts meant for workers, clients or activities.
const sandboxBans = {
  paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
    name,
    message: 'workflow code runs in the deterministic sandbox: no Node built-ins',
  })),
  patterns: [
    {
      group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'],
      message: 'workflows may use @temporalio/workflow and @temporalio/common only',
    },
    {
      group: [
        'undici',
        'yaml',
        'mqtt',
        '**/proxmox/**',
        '**/host/**',
        '**/notify/**',
        '**/schedules/**',
        '**/config/**',
        '**/cli/**',
        '**/worker/**',
        '**/simulator/**',
        '**/devserver/**',
        '**/mqtt/**',
        '**/doctor/**',
      ],
      message: 'I/O stays in activities and the shell; workflows import pure modules and types only',
    },
    {
      group: ['**/activities', '**/activities/**'],
      allowTypeImports: true,
      message: 'import activities with `import type` and call them through proxyActivities',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-artifacts/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Forgetting to await an activity, a request or a test step is a bug.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test registers these; the runner awaits what they return.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // The CLI and the worker load modules lazily (`require` inside a function) to keep start-up fast.
  { rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['src/workflows/**/*.ts'], rules: { 'no-restricted-imports': ['error', sandboxBans] } },
);
