import { ensureTemporalCli, TemporalCliUnavailableError } from './temporal-cli';

// Run by scripts/setup.sh: makes a Temporal CLI available and prints where it is.
ensureTemporalCli((line) => console.error(line)).then(
  (cli) => console.error(`Temporal CLI: ${cli.path} (${cli.source})`),
  (err: unknown) => {
    console.error(err instanceof TemporalCliUnavailableError ? err.message : `installing the Temporal CLI failed: ${String(err)}`);
    process.exit(1);
  },
);
