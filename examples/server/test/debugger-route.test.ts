import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, testConfig, type TestServer } from './helpers/env.js';

describe('GET /debugger', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(testConfig());
  });
  afterAll(() => server.close());

  it('serves the self-contained token debugger page', async () => {
    const response = await fetch(`${server.url}/debugger`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy"/i);
    expect(html).not.toMatch(/<script[^>]+src=/i); // everything inline: nothing loaded from elsewhere
  });
});
