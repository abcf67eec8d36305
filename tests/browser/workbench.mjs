// Drives the workbench (`handoff serve`) in headless Chromium as a person
// would: open the address with its token, type a mistake and see it
// explained, apply the fix, try a customer message and an agent reply, and
// save. tests/serve.rs starts the server, runs this, and then reads the
// file on disk. Each step leaves a screenshot in the folder it is given.
//
//   node workbench.mjs URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [url, shots] = process.argv.slice(2);
if (!url || !shots) {
  console.error('usage: node workbench.mjs URL SCREENSHOT_DIR');
  process.exit(2);
}
// Only this run's screenshots are left.
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Without these Chromium keeps reaching for Google's hosts, which this
  // machine's closed network refuses.
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const offsite = [];
let step = 0;

async function shot(page, name) {
  step += 1;
  await page.screenshot({ path: join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
}

function check(what, ok, detail) {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${detail}`}`);
  console.log(`ok - ${what}`);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const host = new URL(url).host;
  page.on('request', (request) => {
    if (new URL(request.url()).host !== host) offsite.push(request.url());
  });
  page.on('pageerror', (error) => { throw error; });

  await page.goto(url);
  const tests = page.locator('#tests');
  await tests.getByText('✓ passes').first().waitFor();
  check('the token is dropped from the address bar', !page.url().includes('token='), page.url());
  check('no test fails on the bundled rules', (await tests.getByText('✗ fails').count()) === 0);
  await page.locator('#problems').getByText('No problems found.').waitFor();
  await shot(page, 'opened');

  // The editor speaks to the language server: the rules are coloured by
  // its semantic tokens.
  const rules = page.getByRole('textbox', { name: 'What the agent may do, must not do, and when a person takes over' });
  await page.locator('.cm-content .tok-keyword').first().waitFor();
  check('the rules are coloured by the language server', (await page.locator('.tok-keyword').count()) > 10);
  const text = () => page.evaluate(() => rules.value);

  // A mistake, typed at the end of the rules as a person types.
  await rules.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('topic colour: mst not promise prices', { delay: 5 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.locator('.cm-lintRange-error').first().waitFor();
  check('the editor marks the mistake where it is', true);
  const problem = page.locator('#problems li', { hasText: 'but found `mst`' });
  await problem.waitFor();
  check('the mistake is explained with its line', /Line \d+:/.test(await problem.textContent()));
  check('every test waits while the file has an error',
    (await tests.getByText('not run').count()) > 0);
  await shot(page, 'mistake');

  const fix = problem.getByRole('button', { name: 'Replace with `must`' });
  await fix.click();
  await problem.waitFor({ state: 'detached' });
  check('the fix is applied in the text', (await text()).includes('topic colour: must not promise prices'));
  await tests.getByText('✓ passes').first().waitFor();
  await shot(page, 'fixed');

  // Completion, from the language server: a clause on the topic's next line.
  await rules.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('  mu', { delay: 20 });
  const offered = page.locator('.cm-tooltip-autocomplete');
  await offered.getByText('must not', { exact: false }).first().waitFor();
  check('completion offers the clauses', true);
  await shot(page, 'completion');
  await page.keyboard.press('Escape');
  // Backspace takes the indentation as one unit, as an editor does.
  for (let i = 0; i < 6 && !(await text()).endsWith('prices\n'); i += 1) {
    await page.keyboard.press('Backspace');
  }
  check('the typing is taken back', (await text()).endsWith('prices\n'));

  // A customer message, in Swedish as the salon's customers write.
  await page.getByLabel('What a customer writes').fill('hej! kan jag boka klippning på fredag?');
  const decision = page.locator('#decision');
  await decision.getByText('Topic: booking.').waitFor();
  check('the decision says why, line by line', (await decision.locator('li').count()) > 0);
  await shot(page, 'message');

  await page.getByLabel('What the agent would answer').fill("Great news, you're confirmed for Friday at 3pm!");
  await page.getByLabel('About', { exact: true }).selectOption('booking');
  const verdict = page.locator('#verdict');
  await verdict.getByText('Held back').waitFor();
  check('the broken rule is named and the piece marked', (await verdict.locator('mark').count()) > 0,
    await verdict.textContent());
  await shot(page, 'reply');

  await verdict.getByRole('button', { name: 'Add as a test' }).click();
  await page.waitForFunction(() => rules.value.includes('test reply'));
  await tests.getByText('✓ passes').first().waitFor();
  check('the added test passes', (await tests.getByText('✗ fails').count()) === 0,
    await tests.textContent());
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#status').getByText('Saved.').waitFor();
  await shot(page, 'saved');

  // Someone changes the file on disk: taken in while nothing is unsaved;
  // offered, with the edit kept to copy from, when something is.
  const path = (await page.locator('#path').textContent()).trim();
  const append = (line) => writeFileSync(path, `${readFileSync(path, 'utf8')}${line}\n`);
  append('# a colleague was here');
  await page.waitForFunction(() => rules.value.endsWith('# a colleague was here\n'));
  check('a change on disk is taken in when nothing is unsaved', true);
  await rules.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# my unsaved line');
  append('# and again');
  const reload = page.getByRole('button', { name: 'Load the file from disk' });
  await reload.waitFor();
  check('an unsaved edit is not replaced by the change on disk', (await text()).includes('# my unsaved line'));
  await shot(page, 'changed-on-disk');
  await reload.click();
  await page.waitForFunction(() => rules.value.endsWith('# and again\n'));
  check('after loading, the edit is kept to copy from',
    (await page.locator('#output').textContent()).includes('# my unsaved line'));

  // A phone: nothing wider than the screen, so nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 780 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check('at 360 px nothing scrolls sideways', wide <= 360, `${wide}px wide`);
  await shot(page, 'phone');

  // Keyboard only: every control is reached by Tab, and the editor lets
  // Tab go on to the next one rather than holding it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('body').focus();
  const reached = new Set();
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const focused = document.activeElement;
      return focused && (focused.id || (focused.classList.contains('cm-content') ? 'editor' : ''));
    });
    if (id) reached.add(id);
  }
  for (const id of ['editor', 'save', 'format', 'message', 'reply', 'topic']) {
    check(`Tab reaches #${id}`, reached.has(id), [...reached].join(' '));
  }
  check('nothing was asked of another host', offsite.length === 0, offsite.join(' '));
} finally {
  await browser.close();
}
