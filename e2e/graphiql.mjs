// GraphiQL in a real browser: Debian's Chromium, driven by playwright-core.
//   TOKEN=<bearer token> USERNAME=<its user> USER_ID=<its id> \
//   PREFIX=<username prefix> USERNAMES=<the users with it, comma-separated, by id> \
//   node graphiql.mjs <base url> <screenshot.png>
// Opens /graphiql, runs `{ me { username } }` without a token (me is null), then with
// {"Authorization": "Bearer <token>"} in the Headers tab (me is that user); builds a query of
// the users whose username starts with PREFIX by ticking fields in the Explorer, runs it, sees
// USERNAMES and saves a screenshot of it; then subscribes to the user's profileChanged and sees
// the event of a profile updated over HTTP. Fails on any script or console error, failed
// request, or request to another host (nothing from a CDN).
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [base, screenshot] = process.argv.slice(2);
const { TOKEN: token, USERNAME: username, PREFIX: prefix, USERNAMES: usernames } = process.env;
if (!base || !screenshot || !token || !username || !prefix || !usernames) {
  console.error('usage: TOKEN=... USERNAME=... USER_ID=... PREFIX=... USERNAMES=a,b node graphiql.mjs <base url> <screenshot.png>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Headless, as root, without a GPU, on a closed network (Playwright adds a fresh profile)
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // Wide enough for the Explorer, the built query and its result side by side in the screenshot
  const viewport = { width: 1760, height: 860 };
  const page = await browser.newPage({ viewport });
  const failures = [];
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => failures.push(`request failed: ${request.url()}`));
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console error: ${message.text()} (${message.location().url})`);
  });
  const host = new URL(base).host;
  function checkHost(url) {
    if (/^(http|ws)s?:/.test(url) && new URL(url).host !== host) failures.push(`request to another host: ${url}`);
  }
  page.on('request', (request) => checkHost(request.url()));
  page.on('websocket', (socket) => checkHost(socket.url()));

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

  // The Explorer builds a query from the fields and arguments ticked in the schema's tree
  function editorText(editor) {
    return page.evaluate((selector) => document.querySelector(`${selector} .CodeMirror`).CodeMirror.getValue(), editor);
  }
  await replaceText('.graphiql-query-editor', '');
  await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
  const explorer = page.locator('.graphiql-explorer-root');
  const users = explorer.locator('.graphiql-explorer-users');
  await explorer.locator('[data-field-name="users"]').click();
  await users.locator('[data-arg-name="filter"] > span:first-child').click();
  await users.locator('[data-arg-name="filter"] [data-arg-name="username"] > span:first-child').click();
  await users.locator('[data-arg-name="startsWith"] > span:first-child').click();
  await users.locator('[data-arg-name="startsWith"] input').fill(prefix);
  await users.locator('[data-field-name="nodes"]').click();
  await users.locator('.graphiql-explorer-nodes [data-field-name="username"]').click();
  const built = `query MyQuery {
  users(filter: {username: {startsWith: ${JSON.stringify(prefix)}}}) {
    nodes {
      username
    }
  }
}`;
  await page.waitForFunction(
    (expected) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue() === expected,
    built, { timeout: 10000 }).catch(async () => assert.equal(await editorText('.graphiql-query-editor'), built));
  console.log('- the Explorer builds a query of users from ticked fields');
  await run();
  await result.filter({ hasText: '"nodes"' }).waitFor({ timeout: 60000 });
  assert.deepEqual(JSON.parse(await editorText('.result-window')),
    { data: { users: { nodes: usernames.split(',').map((name) => ({ username: name })) } } });
  console.log(`- the built query runs and shows the users ${usernames}`);
  // For the screenshot: the result pane narrowed to what it needs, and the Headers (a token) hidden
  const dragBar = await page.locator('.graphiql-session .graphiql-horizontal-drag-bar').boundingBox();
  await page.mouse.move(dragBar.x + dragBar.width / 2, dragBar.y + dragBar.height / 2);
  await page.mouse.down();
  await page.mouse.move(viewport.width - 500, dragBar.y + dragBar.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Hide editor tools' }).click();
  await page.screenshot({ path: screenshot });
  console.log(`- screenshot: ${screenshot}`);

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

  assert.deepEqual(failures, [], 'no script or console errors, failed requests or requests elsewhere (a CDN)');
  console.log('graphiql: loads, runs a query, sends the Authorization header, builds and runs a query '
    + 'in the Explorer, runs a subscription');
} finally {
  await browser.close();
}
