import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, Browser } from 'playwright-core';
import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * CORS as a browser enforces it: headless Chromium loads a page from another origin whose
 * script calls the API with a bearer token (as the dashboard does) and shows the answer.
 * A listed origin reads it; an unlisted one is refused by the browser.
 * `.ci/run` installs Debian's chromium; where there is none, this file is skipped loudly.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`SKIPPED: the browser CORS test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

/** A page as a browser app would serve it, calling the API from its own origin. */
function appPage(apiUrl: string, token: string, subscriberId: string): string {
  const request = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'apollo-require-preflight': 'true',
    },
    body: JSON.stringify({ query: `{ subscriber(id: "${subscriberId}") { id name } }` }),
  };
  return `<!doctype html><html><head><title>app</title></head><body><p id="result">loading</p>
<script>
  fetch(${JSON.stringify(apiUrl)}, ${JSON.stringify(request)})
    .then(async (response) => {
      const body = await response.json();
      document.getElementById('result').textContent =
        'served ' + response.status + ' request-id:' + response.headers.get('x-request-id') + ' ' + JSON.stringify(body.data);
    })
    .catch((error) => {
      document.getElementById('result').textContent = 'failed: ' + error.message;
    });
</script></body></html>`;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const describeWithBrowser = haveChromium ? describe : describe.skip;

describeWithBrowser('CORS in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let page = '';
  const statics: Server[] = [];
  let listedOrigin = '';
  let unlistedOrigin = '';
  let subscriberName = '';
  let subscriberId = '';

  beforeAll(async () => {
    // The two app origins are known only once their servers listen; the API is built after.
    const listed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    const unlisted = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(page),
    );
    statics.push(listed, unlisted);
    listedOrigin = `http://localhost:${await listen(listed)}`;
    unlistedOrigin = `http://localhost:${await listen(unlisted)}`;

    h = await startHarness({ config: { CORS_ORIGINS: [listedOrigin] } });
    await resetData(h.db);
    const subscriber = await insertSubscriber(h.db);
    subscriberName = subscriber.name!;
    subscriberId = subscriber.id;
    await h.server.http.listen({ port: 0, host: '127.0.0.1' });
    const apiUrl = `http://127.0.0.1:${(h.server.http.server.address() as AddressInfo).port}/graphql`;
    page = appPage(apiUrl, await h.token(Role.SUPPORT, 'agent-7'), subscriber.id);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root on a machine without outside network: no sandbox, no background traffic.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of statics) await new Promise((resolve) => server.close(resolve));
    await h?.close();
  });

  async function visit(origin: string) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const console: string[] = [];
    tab.on('console', (message) => console.push(message.text()));
    await tab.goto(`${origin}/`);
    const result = tab.locator('#result');
    await result.filter({ hasNotText: 'loading' }).waitFor({ timeout: 20_000 });
    const text = (await result.textContent()) ?? '';
    await context.close();
    return { text, console: console.join('\n') };
  }

  test('a page on a listed origin reads the API with its bearer token and shows the answer', async () => {
    const { text } = await visit(listedOrigin);
    const shown = /^served (\d+) request-id:(\S+) (.*)$/.exec(text);
    expect(shown).not.toBeNull();
    const [, status, requestId, data] = shown!;
    expect(status).toBe('200');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/); // readable only through Access-Control-Expose-Headers
    expect(JSON.parse(data)).toEqual({ subscriber: { id: subscriberId, name: subscriberName } });
  }, 40_000);

  test('a page on an unlisted origin is refused by the browser', async () => {
    const { text, console } = await visit(unlistedOrigin);
    expect(text).toBe('failed: Failed to fetch');
    expect(console).toMatch(/blocked by CORS policy/);
    expect(text).not.toContain(subscriberName);
  }, 40_000);
});
