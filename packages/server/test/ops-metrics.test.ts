/**
 * GET /metrics (ops.ts): Prometheus text with Node's own metrics and Switchboard's — open sockets by
 * kind, HTTP requests by route pattern and status class, commands, commits and their latency, contacts
 * queued by channel, offers — served to loopback only, or with SWITCHBOARD_METRICS_TOKEN as a bearer token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { startTestServer, startWidgetChat, createConnection, openChatSocket, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';

/** The value of one sample (`name{labels} value`), or undefined. Labels must match exactly as written, in order. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const r = await fetch(`${url}/metrics`, { headers });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

describe('metrics on loopback', { timeout: 60_000 }, () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(() => srv.stop());

  test('GET /metrics from loopback needs no token and answers Prometheus text with Node\'s default metrics (event loop delay, heap, GC)', async () => {
    const { status, type, text } = await scrape(srv.url);
    assert.equal(status, 200);
    assert.match(type ?? '', /^text\/plain; version=0\.0\.4/);
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total']) {
      assert.ok(sample(text, name) !== undefined, `${name} is there`);
    }
    assert.match(text, /# TYPE nodejs_gc_duration_seconds histogram/);
    assert.equal(sample(text, 'switchboard_ready'), 1);
  });

  test('HTTP requests are counted by route pattern and status class, never by raw path (bounded cardinality)', async () => {
    const contactId = 'not-a-contact-4b1f0e';
    const r = await fetch(`${srv.url}/contacts/${srv.demo.instanceId}/${contactId}`);
    assert.notEqual(r.status, 200);
    await fetch(`${srv.url}/no/such/page/${contactId}`);
    const { text } = await scrape(srv.url);
    assert.ok(!text.includes(contactId), 'no raw path in any label');
    assert.ok(!text.includes(srv.demo.instanceId), 'no instance id in any label');
    const lines = text.split('\n').filter((l) => l.startsWith('switchboard_http_requests_total{'));
    assert.ok(lines.some((l) => l.includes('method="GET"') && l.includes('route="/contacts/:instanceId/:contactId"') && l.includes('status_class="4xx"')), lines.join('\n'));
    // (The test server has no built pages: they answer 503.)
    assert.ok(lines.some((l) => l.includes('route="pages"') && l.includes('status_class="5xx"')), 'unrouted paths are all one label');
    assert.match(text, /switchboard_http_request_duration_seconds_bucket\{le="0.005",route="\/contacts\/:instanceId\/:contactId"\}/);
  });

  test('sockets by kind, commands by type, commits with their size and latency, contacts queued by channel and offers are counted', async () => {
    const chat = await startWidgetChat(srv, 'Queued Quinn'); // nobody is Available: it waits in the queue
    const connection = await createConnection(srv, chat.ParticipantToken);
    const socket = await openChatSocket(connection.Websocket.Url);
    let text = await waitFor(async () => {
      const t = (await scrape(srv.url)).text;
      return sample(t, 'switchboard_contacts_queued', 'channel="CHAT"') === 1 && t;
    }, 5000, 'the chat in the queue');
    assert.equal(sample(text, 'switchboard_open_sockets', 'kind="chat"'), 1);
    assert.equal(sample(text, 'switchboard_open_sockets', 'kind="agent"'), 0);
    assert.equal(sample(text, 'switchboard_contacts_queued', 'channel="VOICE"'), 0);
    assert.ok(sample(text, 'switchboard_commands_total', 'type="StartChatContact",outcome="accepted"')! >= 1, 'StartChatContact counted');
    const commits = sample(text, 'switchboard_commits_total')!;
    assert.ok(commits >= 1);
    assert.equal(sample(text, 'switchboard_commit_duration_seconds_count'), commits, 'every commit has its latency');
    assert.equal(sample(text, 'switchboard_commit_batch_events_count'), commits, 'and its size');
    const offersBefore = sample(text, 'switchboard_offers_total')!;

    const { client } = await connectAgent(srv, 'agent1');
    try {
      await client.setStatus('Available');
      text = await waitFor(async () => {
        const t = (await scrape(srv.url)).text;
        return sample(t, 'switchboard_offers_total')! > offersBefore && t;
      }, 5000, 'the offer');
      assert.equal(sample(text, 'switchboard_open_sockets', 'kind="agent"'), 1);
    } finally {
      client.close();
      await socket.close();
    }
  });

  test('without media there are no media gauges (they are there when SWITCHBOARD_MEDIA is on)', async () => {
    const { text } = await scrape(srv.url);
    assert.equal(sample(text, 'switchboard_media_calls'), undefined);
  });
});

describe('metrics with call audio', { timeout: 30_000 }, () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1' } });
  });
  after(() => srv.stop());

  test('with call audio on, the calls with media and their endpoints are gauges (read from the media driver)', async () => {
    const { text } = await scrape(srv.url);
    assert.equal(sample(text, 'switchboard_media_calls'), 0);
    assert.equal(sample(text, 'switchboard_media_endpoints'), 0);
  });
});

describe('metrics with a token', { timeout: 30_000 }, () => {
  const token = 'metrics-token-0123456789abcdef';
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_METRICS_TOKEN: token } });
  });
  after(() => srv.stop());

  test('with SWITCHBOARD_METRICS_TOKEN set, /metrics needs it as a bearer token, even from loopback', async () => {
    assert.equal((await scrape(srv.url)).status, 403);
    assert.equal((await scrape(srv.url, { authorization: 'Bearer wrong-token-0123456789' })).status, 403);
    assert.equal((await scrape(srv.url, { authorization: token })).status, 403, 'the Bearer scheme is needed');
    const ok = await scrape(srv.url, { authorization: `Bearer ${token}` });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /switchboard_commits_total/);
  });
});

const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('metrics from another host', { timeout: 30_000, skip: external ? false : 'no non-loopback IPv4 address here' }, () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer({ env: { HOST: '0.0.0.0' } });
  });
  after(() => srv.stop());

  test('without a token, /metrics is refused to any address but loopback; /health and /ready still answer', async () => {
    const port = new URL(srv.url).port;
    const url = `http://${external}:${port}`;
    const r = await scrape(url);
    assert.equal(r.status, 403);
    assert.ok(!r.text.includes('switchboard_'), 'nothing of the metrics');
    assert.equal((await fetch(`${url}/health`)).status, 200);
    assert.equal((await fetch(`${url}/ready`)).status, 200);
    assert.equal((await scrape(srv.url)).status, 200, 'loopback still gets them');
  });
});
