// GraphiQL in a real browser: Debian's Chromium, driven by playwright-core.
//   TOKEN=<bearer token> USERNAME=<its user> USER_ID=<its id> node graphiql.mjs <base url> <screenshot.png>
// Opens /graphiql, runs `{ me { username } }` without a token (me is null), then with
// {"Authorization": "Bearer <token>"} in the Headers tab (me is that user), then subscribes
// to the user's profileChanged and sees the event of a profile updated over HTTP, and saves
// a screenshot of the result.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [base, screenshot] = process.argv.slice(2);
const { TOKEN: token, USERNAME: username } = process.env;
if (!base || !screenshot || !token || !username) {
  console.error('usage: TOKEN=... USERNAME=... node graphiql.mjs <base url> <screenshot.png>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Headless, as root, without a GPU, on a closed network (Playwright adds a fresh profile)
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const failures = [];
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => failures.push(`request failed: ${request.url()}`));

  await page.goto(`${base}/graphiql`);
  assert.match(page.url(), /\/graphiql\?path=\/graphql/, 'redirected to the page for /graphql');
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ timeout: 60000 });
  console.log('- GraphiQL loaded');

  async function replaceText(editor, text) {
    await page.locator(`${editor} .CodeMirror`).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  async function run() {
    await page.locator('.graphiql-execute-button').click();
  }

  const result = page.locator('.result-window');
  await replaceText('.graphiql-query-editor', '{ me { username } }');
  await run();
  await result.filter({ hasText: '"me": null' }).waitFor({ timeout: 60000 });
  console.log('- without a token, me is null');

  await page.getByText('Headers', { exact: true }).click();
  await replaceText('.graphiql-editor-tool .graphiql-editor:not(.hidden)', `{"Authorization": "Bearer ${token}"}`);
  await run();
  await result.filter({ hasText: `"username": "${username}"` }).waitFor({ timeout: 60000 });
  console.log(`- with the Authorization header, me is ${username}`);

  // A subscription runs over the page's WebSocket and shows the event of a change made over
  // HTTP; the change is repeated until one arrives, as the subscription listens only once it runs
  const userId = process.env.USER_ID;
  async function send(query) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = await response.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  }
  await send('mutation { createProfile(input: { description: "Before the subscription" }) { id } }');
  await replaceText('.graphiql-query-editor', `subscription { profileChanged(userId: "${userId}") { kind } }`);
  // GraphiQL tells a subscription by the editor's parsed document, which follows typing late
  await page.waitForTimeout(1000);
  await run();
  const updated = result.filter({ hasText: '"kind": "UPDATED"' });
  for (let attempt = 1; !(await updated.isVisible()); attempt++) {
    assert.ok(attempt <= 60, `no event within 60 updates; ${page.url()} shows: ${await result.textContent()}`);
    await send(`mutation { updateProfile(input: { userId: "${userId}", description: "Update ${attempt}" }) { id } }`);
    await updated.waitFor({ timeout: 1000 }).catch(() => {});
  }
  console.log('- a subscription shows the event of a profile updated over HTTP');

  await page.screenshot({ path: screenshot });
  console.log(`- screenshot: ${screenshot}`);
  assert.deepEqual(failures, [], 'no script errors and no failed requests (nothing from a CDN)');
  console.log('graphiql: loads, runs a query, shows the result, sends the Authorization header, runs a subscription');
} finally {
  await browser.close();
}
