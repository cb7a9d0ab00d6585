// End-to-end test of kilde's web UI against the demo archive, in Debian's headless
// Chromium driven by playwright-core. Run by tests/ui/run.sh, which starts the server:
//   KILDE_URL=http://127.0.0.1:PORT SCREENSHOT_DIR=target/ui-screenshots node tests/ui/e2e.mjs
// Every step asserts what a person would see; each page is saved as NN-name.png.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const BASE = process.env.KILDE_URL || 'http://127.0.0.1:7700';
const SHOTS = process.env.SCREENSHOT_DIR || 'target/ui-screenshots';
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: EXECUTABLE,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'da-DK' });
context.setDefaultTimeout(10_000);
const page = await context.newPage();

// Nothing may come from outside the server, and the page must not throw.
const problems = [];
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error' && !/status of 400|status of 404/.test(message.text())) problems.push(`console: ${message.text()}`);
});
await context.route('**/*', (route) => {
  const target = route.request().url();
  if (target.startsWith(BASE)) return route.continue();
  problems.push(`request outside the server: ${target}`);
  return route.abort();
});

let shot = 0;
async function screenshot(name, options = {}) {
  shot += 1;
  const file = path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
}

const results = [];
async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.message.split('\n').slice(0, 6).join('\n     ')}`);
    try { await screenshot(`failed-${name.replace(/\W+/g, '-')}`); } catch { /* page gone */ }
  }
}

const total = async () => Number(await page.locator('#hit-count').getAttribute('data-total'));
const pathname = () => new URL(page.url()).pathname;
const param = (name) => new URL(page.url()).searchParams.get(name);

// ---------------------------------------------------------------------------------

await step('home shows the archive statistics', async () => {
  await page.goto(BASE + '/');
  await page.locator('.stat-value').first().waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  assert.equal((await page.locator('.stat-value').first().innerText()).trim(), '69');
  await page.locator('.name-col a.ent-link').first().waitFor();
  await screenshot('home');
});

let firstTotal = 0;
await step('search from the keyboard shows hits with <mark>', async () => {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.type('rapport');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=rapport/);
  await page.locator('.hit').first().waitFor();
  firstTotal = await total();
  assert.ok(firstTotal >= 3, `expected several hits, got ${firstTotal}`);
  assert.ok(await page.locator('.hit .snippet mark').count() >= 1, 'snippets have <mark>');
  // Near-duplicates collapse into one hit each, so a page may show fewer hits than match.
  const shown = await page.locator('.hit').count();
  assert.ok(shown >= 1 && shown <= Math.min(20, firstTotal), `${shown} hits shown of ${firstTotal}`);
  await page.locator('.hist svg rect.bar').first().waitFor();
  await page.locator('.facet').first().waitFor();
  await screenshot('search');
});

await step('results are reachable with the arrow keys', async () => {
  await page.locator('#q').focus();
  await page.keyboard.press('Tab'); // leaves the input
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.closest('.hit') !== null);
  assert.ok(first, 'ArrowDown focuses the first hit');
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => [...document.querySelectorAll('.hit-title a')].indexOf(document.activeElement));
  assert.equal(second, 1, 'ArrowDown again focuses the second hit');
});

await step('clicking an entity facet adds it to the query and narrows the hits', async () => {
  const facets = page.locator('.facets a.facet');
  const n = await facets.count();
  let chosen = -1;
  for (let i = 0; i < n; i += 1) {
    const count = Number((await facets.nth(i).locator('.num').innerText()).replace(/\D/g, ''));
    if (count > 0 && count < firstTotal) { chosen = i; break; }
  }
  assert.ok(chosen >= 0, 'a facet that narrows the hits exists');
  const clause = await facets.nth(chosen).getAttribute('data-clause');
  const expected = Number((await facets.nth(chosen).locator('.num').innerText()).replace(/\D/g, ''));
  await facets.nth(chosen).click();
  await page.waitForURL((u) => u.searchParams.get('q')?.includes(clause));
  await page.locator('.hit').first().waitFor();
  assert.match(param('q'), /^rapport (person|org|place|misc):"/);
  const narrowed = await total();
  assert.ok(narrowed < firstTotal && narrowed >= 1, `${narrowed} hits after the facet, ${firstTotal} before`);
  assert.equal(narrowed, expected, 'the facet count matches the hits');
  assert.equal(await page.locator('#q').inputValue(), param('q'), 'the search box shows the filter');
  await page.locator(`.facets a.facet.active[data-clause='${clause}']`).waitFor();
  await screenshot('search-facet');
});

await step('back and forward restore the views', async () => {
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('q') === 'rapport');
  await page.locator('.hit').first().waitFor();
  assert.equal(await total(), firstTotal);
  await page.goForward();
  await page.waitForURL((u) => (u.searchParams.get('q') || '').length > 'rapport'.length);
  await page.locator('.hit').first().waitFor();
  assert.ok(await total() < firstTotal);
});

await step('near-duplicates show "+N lignende" and a toggle that re-queries with expand=true', async () => {
  // The demo's reprint group G7 (see demo/README.md) collapses into one hit.
  const expands = [];
  await page.route('**/api/search?*', async (route) => {
    expands.push(new URL(route.request().url()).searchParams.get('expand'));
    await route.continue();
  });
  try {
    await page.goto(BASE + '/search?q=sygehusbyggeriet');
    await page.locator('.hit .similar').first().waitFor();
    assert.match(await page.locator('.hit .similar').first().innerText(), /^\+\d+ lignende$/);
    const collapsed = await page.locator('.hit').count();
    await screenshot('search-similar', { fullPage: false });
    const toggle = page.locator('.similar-toggle a');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    await page.waitForURL((u) => u.searchParams.get('expand') === '1');
    await page.locator('.similar-toggle a[aria-pressed="true"]').waitFor();
    assert.equal(expands.at(-1), 'true', 'the API was asked with expand=true');
    await page.locator('.hit').first().waitFor();
    assert.ok(await page.locator('.hit').count() > collapsed, 'expanding shows every member');
  } finally {
    await page.unroute('**/api/search?*');
  }
});

await step('a date-histogram bar filters by period', async () => {
  await page.goto(BASE + '/search?q=klima');
  await page.locator('.hit').first().waitFor();
  const before = await total();
  await page.locator('.hist rect.hit-area').first().click();
  await page.waitForURL((u) => u.searchParams.has('from') && u.searchParams.has('to'));
  await page.locator('#hit-count[data-total]').waitFor();
  await page.locator('.chips .chip').waitFor();
  const after = await total();
  assert.ok(after >= 1 && after <= before, `${after} hits in the period, ${before} in all`);
  assert.equal(await page.locator('#from').inputValue(), param('from'));
});

let articlePath = '';
await step('an article shows highlighted entities and a quote with a speaker', async () => {
  await page.goto(BASE + '/search?q=' + encodeURIComponent('"Camilla Brøns"'));
  await page.locator('.hit-title a').first().click();
  await page.waitForURL(/\/article\//);
  await page.locator('article .article-text').waitFor();
  articlePath = pathname();
  assert.ok(await page.locator('.article-text a.ent.lab-PER').count() >= 1, 'people are highlighted');
  const kinds = await page.locator('.article-text a.ent').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.label))]);
  assert.ok(kinds.length >= 2, `entities of several kinds are highlighted: ${kinds}`);
  const speakers = page.locator('.col-side .quote .speaker:not(.unknown)');
  assert.ok(await speakers.count() >= 1, 'a quote names its speaker');
  assert.ok((await page.locator('.col-side .quote blockquote').first().innerText()).length > 10);
  assert.ok(await page.locator('.article-text .qspan').count() >= 1, 'quotes are marked in the text');
  await screenshot('article');
});

await step('an article URL can be reloaded, also with / in its id', async () => {
  await page.locator('article .back').click();
  await page.waitForURL(/\/search\?/);
  await page.goForward();
  await page.locator('article .article-text a.ent').first().waitFor();
  await page.reload();
  await page.locator('article .article-text a.ent').first().waitFor();
  assert.equal(pathname(), articlePath);
  await page.goto(BASE + '/article/' + encodeURIComponent('jydskevestkysten/2019-07-ambassade-rapport.txt'));
  await page.locator('article .article-text').waitFor();
  assert.match(await page.locator('article h1').innerText(), /ambassade/);
  await page.goBack();
  await page.locator('article .article-text a.ent').first().waitFor();
});

let entityPath = '';
await step('an entity page shows a timeline SVG, quotes and co-occurring names', async () => {
  await page.locator('.article-text a.ent.lab-PER', { hasText: 'Camilla Brøns' }).first().click();
  await page.waitForURL(/\/entity\/PER\//);
  entityPath = pathname();
  assert.equal(decodeURIComponent(entityPath), '/entity/PER/Camilla Brøns');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Camilla Brøns');
  await page.locator('.entity-page svg.chart rect.bar:not(.zero)').first().waitFor();
  assert.ok(await page.locator('.entity-page svg.chart rect.bar:not(.zero)').count() >= 2, 'the timeline has bars in several months');
  await page.locator('.entity-page .quote').first().waitFor();
  assert.ok(await page.locator('.entity-page .quote').count() >= 1, 'quotes are listed');
  await page.locator('.entity-page .meter-list a.ent-link').first().waitFor();
  await page.locator('.entity-page .article-list a').first().waitFor();
  await screenshot('entity');
});

await step('the network view renders an interactive graph', async () => {
  await page.goto(BASE + '/network');
  await page.locator('svg.network g.node circle').first().waitFor();
  const nodes = await page.locator('svg.network g.node circle').count();
  assert.ok(nodes >= 2, `${nodes} nodes`);
  assert.ok(await page.locator('svg.network .edges line').count() >= 1, 'edges are drawn');
  // Every node lies inside the drawing.
  const inside = await page.locator('svg.network g.node').evaluateAll((els) => els.every((el) => {
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute('transform'));
    return m && +m[1] >= 0 && +m[1] <= 1000 && +m[2] >= 0 && +m[2] <= 620;
  }));
  assert.ok(inside, 'the layout fits the drawing');
  // Hover shows the name.
  // The node is pinned by its name: a node being dragged moves to the end of the drawing
  // (so it is drawn on top), which changes which node comes first.
  const name = await page.locator('svg.network g.node').first().getAttribute('data-name');
  const node = page.locator(`svg.network g.node[data-name=${JSON.stringify(name)}]`);
  await node.hover();
  await page.locator('#tooltip:not([hidden])').waitFor();
  assert.ok((await page.locator('#tooltip').innerText()).includes(name));
  await screenshot('network');
  // Dragging moves a node without opening it.
  const before = await node.getAttribute('transform');
  const box = await node.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  assert.equal(pathname(), '/network');
  assert.notEqual(await node.getAttribute('transform'), before, 'the node moved');
  assert.equal(await page.locator('svg.network g.node').last().getAttribute('data-name'), name,
    'the dragged node is drawn on top');
  // A click opens the entity page.
  await node.click();
  await page.waitForURL(/\/entity\//);
  await page.locator('.entity-page h1').waitFor();
  assert.equal((await page.locator('.entity-page h1').innerText()).trim(), name);
});

await step('KWIC shows lines', async () => {
  await page.goto(BASE + '/kwic?q=rapport');
  await page.locator('table.kwic tbody tr').first().waitFor();
  const lines = await page.locator('table.kwic tbody tr').count();
  assert.ok(lines >= 3, `${lines} lines`);
  assert.ok((await page.locator('table.kwic tbody td.m').first().innerText()).toLowerCase().includes('rapport'));
  await screenshot('kwic');
});

await step('the timeline compares several queries', async () => {
  await page.goto(BASE + '/timeline?q=klima&q=' + encodeURIComponent('"russiske hackere"') + '&by=year');
  await page.locator('svg.lines path.series').first().waitFor();
  assert.equal(await page.locator('svg.lines path.series').count(), 2);
  assert.equal(await page.locator('.series-legend li').count(), 2);
  assert.equal(await page.locator('.tl-row input').count(), 2);
  await screenshot('timeline');
});

await step('the quotes view lists quotes with speakers', async () => {
  await page.goto(BASE + '/quotes');
  await page.locator('.quotes-page .quote').first().waitFor();
  assert.ok(await page.locator('.quotes-page .quote .speaker:not(.unknown)').count() >= 1);
  await screenshot('quotes');
});

await step('a bad query shows the error with a caret under its position', async () => {
  await page.goto(BASE + '/');
  await page.locator('#q').fill('klima AND (skat');
  await page.locator('#q').press('Enter');
  await page.locator('.error').waitFor();
  const message = await page.locator('.error .error-msg').innerText();
  assert.ok(message.length > 10, message);
  const caret = await page.locator('.error .caret').innerText();
  const [query, marker] = caret.split('\n');
  assert.equal(query, 'klima AND (skat');
  assert.match(marker, /^ *\^$/);
  const position = marker.indexOf('^');
  assert.ok(position >= 0 && position <= query.length, `caret at ${position}`);
  await screenshot('bad-query');
});

await step('the help opens with ? and closes with Esc', async () => {
  await page.goto(BASE + '/search?q=klima');
  await page.locator('.hit').first().waitFor();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('?');
  await page.locator('dialog#help[open]').waitFor();
  assert.ok(await page.locator('dialog#help code', { hasText: 'person:' }).count() >= 1);
  await screenshot('help', { fullPage: false });
  await page.keyboard.press('Escape');
  await page.locator('dialog#help[open]').waitFor({ state: 'detached' });
});

await step('the language switch changes the labels and survives a reload', async () => {
  await page.goto(BASE + entityPath);
  await page.locator('.entity-page svg.chart').waitFor();
  assert.equal((await page.locator('[data-nav="search"]').innerText()).trim(), 'Søg');
  await page.locator('#lang-switch').click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.locator('[data-nav="search"]').innerText()).trim(), 'Search');
  await page.locator('.entity-page h2', { hasText: 'Timeline' }).waitFor();
  await page.reload();
  await page.locator('.entity-page svg.chart').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.locator('[data-nav="timeline"]').innerText()).trim(), 'Timeline');
  await page.locator('.entity-page .quote').first().waitFor();
  await screenshot('entity-english');
  await page.locator('#lang-switch').click();
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  assert.equal((await page.locator('[data-nav="search"]').innerText()).trim(), 'Søg');
});

await step('a narrow window shows the search in one column', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(BASE + '/search?q=rapport');
  await page.locator('.hit').first().waitFor();
  await page.locator('.facet').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px too wide)`);
  await screenshot('search-narrow');
  await page.goto(BASE + articlePath);
  await page.locator('article .article-text a.ent').first().waitFor();
  await screenshot('article-narrow');
  await page.setViewportSize({ width: 1280, height: 800 });
});

await step('no page errors and nothing fetched from outside', async () => {
  assert.deepEqual(problems, []);
});

await browser.close();

const failed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
