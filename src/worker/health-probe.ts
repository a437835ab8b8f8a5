// The container's HEALTHCHECK: `node dist/src/worker/health-probe.js [url]` exits 0 when the worker's
// /healthz answers 200 within 5 s, 1 otherwise, printing the answer (Docker keeps it in `docker inspect`).
const url = process.argv[2] ?? 'http://127.0.0.1:9464/healthz';

fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
  async (res) => {
    process.stdout.write(await res.text());
    process.exit(res.ok ? 0 : 1);
  },
  (err: unknown) => {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    process.stdout.write(`${url}: ${cause}\n`);
    process.exit(1);
  },
);
