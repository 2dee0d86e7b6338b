/**
 * End-to-end test of the live path as a user sees it: the wallboard in headless Chromium against a real gateway
 * and the simulator. Needs /usr/bin/chromium (CI installs it; see .ci/run). Screenshots go to test-artifacts/;
 * WALLBOARD_UPDATE_DOCS=1 also refreshes docs/wallboard.png.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { createGateway, type Gateway } from '../../src/server.js';
import type { SimAgent } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../helpers/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const ENV = { POLL_SINCH_MS: '500', POLL_COBROWSER_MS: '1000' };

const hasChromium = existsSync(CHROMIUM);
const skip = !hasChromium && !process.env.CI;
if (skip) {
  console.warn(`wallboard browser tests SKIPPED: ${CHROMIUM} not found (CI installs it and fails without it).`);
}

async function launch(): Promise<Browser> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: the CI image must install chromium (see .ci/run).`);
  // launch() gives every run a fresh temporary user-data dir.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * An agent the test may steer: logged in, with a cc_agent account, not in a contact. Not-ready agents first:
 * they take no contacts, so nothing but the test moves them.
 */
function steerableAgent(stack: Stack, states: SimAgent['state'][] = ['NotReady', 'Ready', 'Pause']): SimAgent {
  for (const state of states) {
    const a = stack.sim.model.agents.find((x) => x.state === state && x.ccUserId !== null);
    if (a) return a;
  }
  throw new Error(`the simulator has no agent in ${states.join('/')} with a cc_agent account`);
}

const agentRow = (page: Page, id: string) => page.locator(`#agent-rows tr[data-agent-id="${id}"]`);
const chip = (page: Page, id: string, state: string) => agentRow(page, id).locator(`.col-state .chip[data-state="${state}"]`);

describe.skipIf(skip)('wallboard in Chromium (live path end to end)', () => {
  let stack: Stack;
  let gateway: Gateway;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startStack({ sim: { autoTick: true, speed: 1 }, env: ENV });
    gateway = stack.gateway;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m: ConsoleMessage) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close({ drainMs: 200 });
    await stack?.sim.close();
  });

  it('shows every queue and agent, live, with semantic markup', async () => {
    await page.goto(`${stack.url}/wallboard`);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    const r = await stack.run<{ queues: Array<{ name: string }>; agents: { totalCount: number } }>(
      '{ queues { name } agents(first: 1) { totalCount } }',
    );
    const queueNames = r.body.data!.queues.map((q) => q.name).sort();
    await page.waitForFunction((n) => document.querySelectorAll('#queue-rows tr').length === n, queueNames.length, { timeout: 10_000 });
    const shownQueues = await page.locator('#queue-rows th[scope="row"] .queue-name').allTextContents();
    expect(shownQueues.sort()).toEqual(queueNames);
    const total = r.body.data!.agents.totalCount;
    await page.waitForFunction((n) => document.querySelectorAll('#agent-rows tr').length === n, total, { timeout: 10_000 });

    // Figures are numbers; service level a percentage (or a dash before anything was handled).
    const firstRow = page.locator('#queue-rows tr').first();
    expect(await firstRow.locator('td.col-waiting .value').textContent()).toMatch(/^\d+$/);
    expect(await firstRow.locator('td.col-longest .value').textContent()).toMatch(/^\d+:\d\d(:\d\d)?$/);
    expect(await firstRow.locator('td.col-sl .value').textContent()).toMatch(/^(\d+%|—)$/);
    // Every agent row names a state in words and a time in state.
    const states = await page.locator('#agent-rows .col-state .chip').allTextContents();
    expect(states).toHaveLength(total);
    for (const s of states) expect(['Available', 'Busy', 'Wrap-up', 'Not ready', 'Paused', 'Logged out']).toContain(s);
    await page.waitForFunction(() => [...document.querySelectorAll('#agent-rows .col-since')].some((c) => /\d:\d\d/.test(c.textContent ?? '')));

    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('#queues thead th[scope="col"]').count()).toBe(10);
    expect(await page.locator('#agent-rows th[scope="row"]').count()).toBe(total);
    expect(await page.locator('[aria-live]').count()).toBeGreaterThan(0);
    // Threshold colours always come with a WARN/CRIT word.
    for (const cell of await page.locator('#queue-rows td[data-level="WARNING"], #queue-rows td[data-level="CRITICAL"]').all()) {
      expect(await cell.locator('.tag').textContent()).toMatch(/^(WARN|CRIT)$/);
    }
  });

  it('meets WCAG AA contrast for state chips, threshold cells and text', async () => {
    const ratios = await page.evaluate(() => {
      const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = (rgb: number[]) => {
        const [r, g, b] = rgb.slice(0, 3).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const background = (e: Element | null): number[] => {
        for (let n = e; n; n = n.parentElement) {
          const c = parse(getComputedStyle(n).backgroundColor);
          if (c.length === 3 || (c[3] ?? 1) > 0) return c;
        }
        return [255, 255, 255];
      };
      const out: Array<{ what: string; ratio: number }> = [];
      const probe = document.createElement('div');
      probe.hidden = true;
      document.body.append(probe);
      const samples: Array<[string, string]> = [
        ...['AVAILABLE', 'BUSY', 'WRAP_UP', 'NOT_READY', 'PAUSED', 'LOGGED_OUT'].map((s): [string, string] => [`chip ${s}`, `<span class="chip" data-state="${s}">x</span>`]),
        ['warning cell', '<table><tr><td data-level="WARNING">1</td></tr></table>'],
        ['critical cell', '<table><tr><td data-level="CRITICAL">1</td></tr></table>'],
      ];
      probe.hidden = false;
      for (const [what, html] of samples) {
        probe.innerHTML = html;
        const e = probe.querySelector('span, td')!;
        const fg = lum(parse(getComputedStyle(e).color));
        const bg = lum(background(e));
        out.push({ what, ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) });
      }
      probe.remove();
      for (const sel of ['h1', '#queue-rows th', '#agent-rows td.col-queues', '.empty', 'thead th']) {
        const e = document.querySelector(sel);
        if (!e) continue;
        const fg = lum(parse(getComputedStyle(e).color));
        const bg = lum(background(e));
        out.push({ what: sel, ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) });
      }
      return out;
    });
    expect(ratios.length).toBeGreaterThanOrEqual(10);
    for (const r of ratios) expect(r.ratio, r.what).toBeGreaterThanOrEqual(4.5);
  });

  it('follows mutations within 2 seconds: GraphQL POST, then the Pause button, then Ready', async () => {
    const agent = steerableAgent(stack);
    const id = encodeGlobalID('Agent', agent.key);
    await agentRow(page, id).waitFor();

    // 1. A mutation from outside the page (another supervisor's console).
    const notReady = await stack.run<{ setReadyState: { __typename: string } }>(
      'mutation($id: ID!) { setReadyState(agentId: $id, state: NOT_READY) { __typename ... on MutationError { message } } }',
      { id },
    );
    expect(notReady.body.data?.setReadyState.__typename).toBe('SetReadyStatePayload');
    await chip(page, id, 'NOT_READY').waitFor({ timeout: 2000 });

    // 2. The page's own Pause button (demo mode: actions allowed).
    const pause = agentRow(page, id).locator('button[data-action="pause"]');
    await pause.scrollIntoViewIfNeeded();
    expect(await pause.isEnabled()).toBe(true);
    await pause.click();
    await chip(page, id, 'PAUSED').waitFor({ timeout: 2000 });
    expect(stack.sim.model.agents.find((a) => a.key === agent.key)?.state).toBe('Pause');
    // The status line follows the mutation's own answer, which may come after the live update that shows the chip.
    await page.locator('#action-status', { hasText: 'Pause requested' }).waitFor({ timeout: 2000 });
    expect(await agentRow(page, id).locator('.col-since').textContent()).toMatch(/^0:0\d$/);

    // 3. Ready from the page: the agent leaves the pause (and may take a contact at once).
    await agentRow(page, id).locator('button[data-action="ready"]').click();
    await page.waitForFunction(
      (sel) => ['AVAILABLE', 'BUSY'].includes(document.querySelector(sel)?.getAttribute('data-state') ?? ''),
      `#agent-rows tr[data-agent-id="${id}"] .col-state .chip`,
      { timeout: 2000 },
    );

    // Sinch answered the live path, so the vendor list says so (by word, not only colour).
    await page.locator('#vendor-list li[data-vendor="SINCH"][data-health="UP"]').waitFor({ timeout: 5000 });
    expect(await page.locator('#vendor-list li[data-vendor="SINCH"] .health').textContent()).toBe('OK');
    expect(await page.locator('#vendor-banner').isHidden()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'wallboard-1080p.png') });
    if (process.env.WALLBOARD_UPDATE_DOCS === '1') copyFileSync(join(ARTIFACTS, 'wallboard-1080p.png'), join(ROOT, 'docs', 'wallboard.png'));
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'wallboard-laptop.png') });
    // Laptop width still shows the queue figures without horizontal scrolling of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('shows which vendor is down, and marks the live figures stale', async () => {
    stack.sim.faults.set('sinch', { status: 503 });
    try {
      await page.locator('#vendor-banner:not([hidden])').waitFor({ timeout: 10_000 });
      const banner = await page.locator('#vendor-banner').textContent();
      expect(banner).toMatch(/Sinch Contact Center \(RMI\) is down: .*\((SERVER_ERROR|CIRCUIT_OPEN)\)/);
      expect(await page.locator('#vendor-banner').getAttribute('role')).toBe('alert');
      await page.locator('#vendor-list li[data-vendor="SINCH"][data-health="DOWN"]').waitFor({ timeout: 2000 });
      expect(await page.locator('#vendor-list li[data-vendor="SINCH"] .health').textContent()).toBe('Down');
      await page.locator('#queues-panel[data-stale="true"] .stale-badge:not([hidden])').waitFor({ timeout: 2000 });
      expect(await page.locator('#agents-panel .stale-badge').textContent()).toMatch(/Stale: .*down/);
      // Other vendors keep their own status.
      expect(await page.locator('#vendor-list li[data-vendor="COBROWSER"]').getAttribute('data-health')).not.toBe('DOWN');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(ARTIFACTS, 'wallboard-sinch-down.png') });
    } finally {
      stack.sim.faults.clear('sinch');
    }
  });

  it('reconnects after a gateway restart and resynchronises from a fresh snapshot', async () => {
    const port = Number(new URL(stack.url).port);
    await gateway.close({ drainMs: 200 });
    await page.locator('#connection[data-state="reconnecting"]').waitFor({ timeout: 5000 });
    expect(await page.locator('#queues-panel').getAttribute('data-stale')).toBe('true');

    // While the gateway is away, an agent changes state; no diff can carry it, only the new snapshot.
    const agent = steerableAgent(stack, ['NotReady', 'Ready']);
    stack.sim.model.setPause(agent, 3);
    const id = encodeGlobalID('Agent', agent.key);
    expect(await agentRow(page, id).locator('.chip').getAttribute('data-state')).not.toBe('PAUSED');

    const config = loadConfig({ ...stack.sim.env(), LOG_LEVEL: 'silent', ...ENV });
    gateway = createGateway({ config, logger: createLogger({ level: 'silent', secrets: config.secrets }), identityFile: stack.sim.identities() });
    await gateway.listen(port, '127.0.0.1');

    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    await chip(page, id, 'PAUSED').waitFor({ timeout: 5000 });
    // The new gateway's vendors are healthy: the banner from the previous test is gone.
    await page.locator('#vendor-banner[hidden]').waitFor({ state: 'attached', timeout: 10_000 });
    expect(await page.locator('#queues-panel').getAttribute('data-stale')).toBe('false');
    expect(problems).toEqual([]);
  });
});

describe.skipIf(skip)('wallboard with authentication on', () => {
  const viewerKey = 'wallboard-viewer-key-5Xq8';
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ sim: { autoTick: true, speed: 1 }, env: { ...ENV, CCGRAPH_API_KEYS: `viewer:${sha(viewerKey)}` } });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('asks for a credential, keeps it in sessionStorage only, and hides actions after FORBIDDEN', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${stack.url}/wallboard/`);
    await page.locator('#auth[open]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#auth-message').textContent()).toContain('Sign in');
    expect(await page.locator('#agent-rows tr').count()).toBe(0);

    await page.locator('#credential').fill(viewerKey);
    await page.locator('#auth-form button[type="submit"]').click();
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelectorAll('#agent-rows tr').length > 0, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => sessionStorage.getItem('ccgraph.wallboard.credential'))).toBe(viewerKey);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.locator('#credential').inputValue()).toBe('');

    // A viewer may watch but not steer: the first refused action hides them all.
    const agent = steerableAgent(stack, ['NotReady', 'Ready']);
    const row = agentRow(page, encodeGlobalID('Agent', agent.key));
    await row.locator('button[data-action="pause"]').click();
    await page.locator('body[data-actions="hidden"]').waitFor({ timeout: 5000 });
    expect(await page.locator('#actions-header').isHidden()).toBe(true);
    expect(await page.locator('#agent-rows .col-actions:visible').count()).toBe(0);
    expect(await page.locator('#action-status').textContent()).toContain('may not change agents');
    expect(stack.sim.model.agents.find((a) => a.key === agent.key)?.state).not.toBe('Pause');
    await page.close();
  });
});
