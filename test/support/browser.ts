import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/shared/project-root';

/** Debian's chromium; Playwright drives it as it is and never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `Chromium is not installed at ${CHROMIUM}: \`bash scripts/setup.sh\` installs Debian's chromium when it runs as root with apt-get; elsewhere run \`sudo apt-get install chromium\``;
}

// A quiet, private browser: no sandbox (tests run as root in CI), no GPU, no QUIC, no first-run UI, and no
// background, component-update or sync traffic. Every host name but loopback's is unresolvable, so the
// page can reach nothing beyond this machine.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

const LOOPBACK_URL = /^(?:https?|wss?):\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?\//;

export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab; requests to anything but loopback are aborted (the Web UI's news feed, fonts, telemetry). */
  page(): Promise<Page>;
  /** Saves a full-page screenshot as test-artifacts/<dir>/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile directory (removed by close()). `localStorage` entries
 * are set before any page script runs, for settings the Web UI keeps there (e.g. its table columns).
 */
export async function launchBrowser(artifactsDir: string, localStorage: Record<string, string> = {}): Promise<TestBrowser> {
  const missing = chromiumMissing();
  if (missing !== undefined) throw new Error(missing);
  const profile = mkdtempSync(join(tmpdir(), 'morpheus-chromium-'));
  const artifacts = join(projectRoot(), 'test-artifacts', artifactsDir);
  mkdirSync(artifacts, { recursive: true });
  // Playwright takes the profile directory here rather than as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 1000 },
    timeout: 60_000,
  });
  await context.route('**/*', (route) => (LOOPBACK_URL.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  await context.addInitScript((entries: Record<string, string>) => {
    // Runs in the page, where localStorage exists; the tests compile without the DOM's types.
    const storage = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
    for (const [key, value] of Object.entries(entries)) storage.setItem(key, value);
  }, localStorage);
  return {
    context,
    page: () => context.newPage(),
    async screenshot(page, name) {
      const path = join(artifacts, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
