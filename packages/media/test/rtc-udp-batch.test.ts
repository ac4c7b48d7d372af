/** The batched UDP addon (rtc/udpBatch.ts, native/udp_batch.c) against real dgram sockets on loopback. */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ipv4ToNumber, loadUdpBatch, numberToIpv4, UdpBatch } from '../src/rtc/udpBatch.ts';

const native = loadUdpBatch();
const skip = typeof native === 'string' ? `the addon is not built: ${native}` : false;
if (skip && process.env.CI === 'true') throw new Error(`CI must build the batched UDP addon: ${native}`);
if (skip) console.log(`# !!! SKIPPING the batched UDP tests: ${native}`);

async function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}
const LOOPBACK = ipv4ToNumber('127.0.0.1')!;

/** Sends and waits until the kernel has them queued on loopback. */
async function sendAll(from: Socket, to: Socket, payloads: string[]): Promise<void> {
  for (const p of payloads) from.send(p, to.address().port, '127.0.0.1');
  await sleep(30);
}

test('IPv4 addresses convert both ways, and anything else is refused', () => {
  assert.equal(ipv4ToNumber('127.0.0.1'), 0x7f000001);
  assert.equal(numberToIpv4(0xc0a80a01), '192.168.10.1');
  for (const bad of ['::1', '1.2.3', '1.2.3.256', '1.2.3.x', '']) assert.equal(ipv4ToNumber(bad), undefined, bad);
});

test('a registered socket is read by receive() only, each datagram with its sender, and none reaches dgram', { skip }, async () => {
  const batch = new UdpBatch(native as Exclude<typeof native, string>);
  const [a, b, peer] = await Promise.all([bound(), bound(), bound()]);
  try {
    const got: string[] = [];
    let dgram = 0;
    a.on('message', () => dgram++);
    b.on('message', () => dgram++);
    const onA = (data: Buffer, port: number, address: number) => got.push(`a:${data.toString()}:${port === peer.address().port}:${numberToIpv4(address)}`);
    assert.ok(batch.register(a, onA));
    assert.ok(batch.register(b, (data) => got.push(`b:${data.toString()}`)));
    await sendAll(peer, a, ['one', 'two']);
    await sendAll(peer, b, ['three']);
    assert.equal(batch.receive(), 3);
    batch.flush();
    assert.deepEqual(got, ['a:one:true:127.0.0.1', 'a:two:true:127.0.0.1', 'b:three']);
    assert.equal(dgram, 0);
    assert.equal(batch.receive(), 0, 'drained: nothing is read twice');
    batch.flush();
  } finally { for (const s of [a, b, peer]) s.close(); }
});

test('sends inside a frame wait for flush() and leave together; outside a frame they leave at once', { skip }, async () => {
  const batch = new UdpBatch(native as Exclude<typeof native, string>);
  const [a, peer] = await Promise.all([bound(), bound()]);
  try {
    const heard: string[] = [];
    peer.on('message', (m, rinfo) => heard.push(`${m.toString()}@${rinfo.port === a.address().port}`));
    const out = batch.register(a, () => {})!;
    batch.receive();
    out.send(Buffer.from('x1'), peer.address().port, LOOPBACK);
    out.send(Buffer.from('x2'), peer.address().port, LOOPBACK);
    await sleep(30);
    assert.deepEqual(heard, [], 'held until the frame ends');
    batch.flush();
    out.send(Buffer.from('x3'), peer.address().port, LOOPBACK);
    await sleep(30);
    assert.deepEqual(heard, ['x1@true', 'x2@true', 'x3@true'], 'sent from the registered socket, in order');
    assert.equal(batch.stats.sent, 3);
  } finally { a.close(); peer.close(); }
});

test('more datagrams than the buffer holds are read in passes, at most four buffers a call (a flood waits in the kernel for the next tick); nothing is lost or reordered', { skip }, async () => {
  const batch = new UdpBatch(native as Exclude<typeof native, string>, 4);
  const [a, peer] = await Promise.all([bound(), bound()]);
  try {
    const got: string[] = [];
    batch.register(a, (d) => got.push(d.toString()));
    const sent = Array.from({ length: 21 }, (_, i) => `f${i}`);
    await sendAll(peer, a, sent);
    assert.equal(batch.receive(), 16, 'four passes of a four-slot buffer');
    assert.equal(batch.receive(), 5);
    assert.deepEqual(got, sent);
  } finally { a.close(); peer.close(); }
});

test('released, a socket is read by dgram again; closed, it leaves the batch before its fd is freed', { skip }, async () => {
  const batch = new UdpBatch(native as Exclude<typeof native, string>);
  const [a, b, peer] = await Promise.all([bound(), bound(), bound()]);
  try {
    const viaBatch: string[] = [];
    const viaDgram: string[] = [];
    a.on('message', (m) => viaDgram.push(m.toString()));
    const reg = batch.register(a, (d) => viaBatch.push(d.toString()))!;
    batch.register(b, (d) => viaBatch.push(`b:${d.toString()}`));
    batch.receive();
    reg.send(Buffer.from('queued'), peer.address().port, LOOPBACK);
    reg.release();
    batch.flush();
    assert.equal(batch.stats.sent, 0, 'what a released socket queued is not sent');
    await sendAll(peer, a, ['after']);
    assert.equal(batch.receive(), 0);
    assert.deepEqual(viaDgram, ['after']);
    reg.release(); // idempotent
    b.close();
    assert.equal(batch.stats.sockets, 0);
    const c = await bound(); // may take b's fd number: it must not be read by the batch
    const cHeard: string[] = [];
    c.on('message', (m) => cHeard.push(m.toString()));
    await sendAll(peer, c, ['to-c']);
    assert.equal(batch.receive(), 0);
    assert.deepEqual(cHeard, ['to-c']);
    c.close();
  } finally { a.close(); peer.close(); }
});

test('only IPv4 sockets are taken', { skip }, async () => {
  const batch = new UdpBatch(native as Exclude<typeof native, string>);
  const six = createSocket('udp6');
  six.bind(0, '::1');
  await once(six, 'listening');
  const unbound = createSocket('udp4');
  try {
    assert.equal(batch.register(six, () => {}), undefined);
    assert.equal(batch.register(unbound, () => {}), undefined, 'an unbound socket has no fd yet');
  } finally { six.close(); unbound.close(); }
});
