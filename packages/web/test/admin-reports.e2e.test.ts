/**
 * The admin console's historical reports in Chromium, on contacts made for real: a chat the customer
 * leaves while it waits (abandoned) and two chats agent1 accepts, ends and clears (handled). The queue
 * report's table counts them, its uPlot chart is drawn, and the CSV it downloads holds the same numbers;
 * the agent report counts agent1's two.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { acceptChat, signInInNewContext, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';
import { shots, signInConsole } from './adminPages.ts';

const PASSWORD = 'reports-e2e-password';
const skip = browserSkipReason();

/** Reads RFC 4180 CSV (records ended by CRLF) into rows of fields. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  return rows;
}

/** Whether the chart's canvas has at least `min` pixels close to the colour (the first series is #1f6feb). Runs in the page. */
const drawnIn = ({ rgb, min }: { rgb: number[]; min: number }): boolean => {
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=report-chart] canvas');
  if (!canvas || canvas.width === 0) return false;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! > 200 && Math.abs(data[i]! - rgb[0]!) + Math.abs(data[i + 1]! - rgb[1]!) + Math.abs(data[i + 2]! - rgb[2]!) < 40) n++;
  }
  return n >= min;
};
const ACCENT = [0x1f, 0x6f, 0xeb];

describe('the admin console reports', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  /** The sum of a metric's cells over the table's rows for a group (a test near the top of an hour may see two hour rows). */
  const tableSum = (group: string, metric: string) => admin.evaluate(([g, m]) => Array.from(document.querySelectorAll(`[data-testid=report-row][data-group="${g}"] [data-metric=${m}]`))
    .reduce((n, td) => n + Number(td.textContent), 0), [group, metric] as const);

  before(async () => {
    rig = await startDemoBrowser('reports-e2e', PASSWORD);
    admin = await (await rig.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  });
  after(async () => {
    await rig?.close();
  });

  test('contacts made in the CCP: one abandoned while waiting, two handled by agent1', async () => {
    await signInConsole(admin, rig.server.url, 'admin', PASSWORD);
    const token = await admin.evaluate(() => (JSON.parse(localStorage.getItem('switchboard.adminSession')!) as { token: string }).token);
    const queueId = (rig.demo as unknown as { queueId: string }).queueId;
    const inQueue = async () => {
      const r = await fetch(`${rig.server.url}/metrics/current/${rig.demo.instanceId}`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ Filters: { Queues: [queueId] }, CurrentMetrics: [{ Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }] }),
      });
      const body = await r.json() as { MetricResults: { Collections: { Value: number }[] }[] };
      return body.MetricResults[0]?.Collections[0]?.Value ?? 0;
    };
    const waitInQueue = async (n: number) => {
      for (;;) {
        if (await inQueue() === n) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    // agent1 on a break: the customer's chat waits in BasicQueue, and the customer leaves it.
    const agent = await signInInNewContext(rig.browser, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Break');
    const customer = await (await rig.browser.newContext({ viewport: { width: 800, height: 700 } })).newPage();
    await startCustomerChat(customer, rig.demo.urls.chat, 'Abby');
    await waitInQueue(1);
    await customer.click('[data-testid=end-chat]');
    await waitInQueue(0);
    await customer.context().close();

    // agent1 Available: two chats, each accepted, ended and cleared.
    await agent.selectOption('[data-testid=status]', { label: 'Available' });
    for (const name of ['Ben', 'Cleo']) {
      const started = await fetch(`${rig.server.url}/widget/${(rig.demo as unknown as { widgetId: string }).widgetId}/start-chat`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: rig.server.url }, body: JSON.stringify({ DisplayName: name }),
      });
      assert.equal(started.status, 200);
      await acceptChat(agent);
      await agent.click('[data-testid=end-chat]');
      await agent.waitForSelector('[data-testid=contact-tab][data-state=ended]');
      await agent.click('[data-testid=clear]');
      await agent.waitForSelector('text=Waiting for contacts');
    }
    await agent.context().close();
    // A report's window ends at a whole second (the wire's), before now: so that it holds the last
    // clear, the report is opened in a later second than it.
    const cleared = Date.now();
    while (Date.now() < Math.ceil((cleared + 1) / 1000) * 1000) await new Promise((r) => setTimeout(r, 50));
  });

  test('the queue report counts them by the hour: the table, the chart and the CSV agree', async () => {
    await admin.click('[data-testid=nav-reports]');
    await admin.waitForSelector('[data-testid=report-row][data-group=BasicQueue]');
    assert.equal(await admin.inputValue('[data-testid=report-range]'), 'today');
    assert.equal(await admin.inputValue('[data-testid=report-period]'), 'HOUR');
    assert.equal(await tableSum('BasicQueue', 'CONTACTS_HANDLED'), 2);
    assert.equal(await tableSum('BasicQueue', 'CONTACTS_ABANDONED'), 1);
    assert.equal(await tableSum('BasicQueue', 'CONTACTS_QUEUED'), 3);

    // The chart (contacts handled, BasicQueue's line in the first colour) is drawn on its canvas.
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=report-chart] canvas').length === 1);
    await admin.waitForFunction(drawnIn, { rgb: ACCENT, min: 20 }); // BasicQueue's line and points
    await admin.screenshot({ path: join(shots, 'admin-reports.png'), fullPage: true });

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('[data-testid=report-csv]')]);
    const today = await admin.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
    assert.equal(download.suggestedFilename(), `queue-performance_${today}.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    assert.ok(text.endsWith('\r\n'), 'records end with CRLF');
    const [header, ...rows] = readCsv(text);
    assert.deepEqual(header!.slice(2), ['Queue', 'Contacts queued (count)', 'Contacts handled (count)', 'Contacts abandoned (count)', 'Average handle time (seconds)', 'Average queue answer time (seconds)', 'Service level 20 s (percent)']);
    assert.match(header![0]!, /^Interval start \(.+\)$/);
    const basic = rows.filter((r) => r[2] === 'BasicQueue');
    const csvSum = (column: number) => basic.reduce((n, r) => n + Number(r[column]), 0);
    assert.equal(csvSum(3), 3);
    assert.equal(csvSum(4), 2);
    assert.equal(csvSum(5), 1);
    // The same rows as the table, cell for cell.
    const tableRows = await admin.$$eval('[data-testid=report-row]', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).slice(1).map((td) => td.textContent === '—' ? '' : td.textContent)));
    assert.deepEqual(rows.map((r) => r.slice(2)), tableRows);
  });

  test('the agent report, in total: agent1 handled two, drawn as a bar', async () => {
    await admin.selectOption('[data-testid=report-kind]', 'agent');
    await admin.selectOption('[data-testid=report-period]', 'TOTAL');
    await admin.waitForSelector('[data-testid=report-row][data-group=agent1]');
    assert.equal(await admin.inputValue('[data-testid=report-grouping]'), 'AGENT');
    assert.equal(await tableSum('agent1', 'CONTACTS_HANDLED'), 2);
    assert.equal(await admin.locator('[data-testid=report-row]').count(), 1, 'only agent1 handled contacts');
    assert.equal(await admin.locator('[data-metric=CONTACTS_ABANDONED]').count(), 0, 'nobody abandons to an agent');
    await admin.waitForFunction(() => document.querySelector('[data-testid=report-chart]')?.getAttribute('data-points') === '1');
    await admin.waitForFunction(drawnIn, { rgb: ACCENT, min: 500 }); // a filled bar
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('[data-testid=report-csv]')]);
    assert.match(download.suggestedFilename(), /^agent-performance_\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = readCsv(readFileSync((await download.path())!, 'utf8'));
    assert.deepEqual(header!.slice(2), ['Agent', 'Contacts handled (count)', 'Average handle time (seconds)', 'Average after contact work time (seconds)', 'Agent non-response (count)']);
    assert.deepEqual(rows.map((r) => [r[2], r[3]]), [['agent1', '2']]);
    assert.ok(Number(rows[0]![4]) > 0, 'a handle time');
  });
});
