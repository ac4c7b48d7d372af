/**
 * Enqueue→offer measured on the wire (`--wire`): tcpdump captures the server's loopback traffic during the
 * run, and the latency of chat n is the time from the packet that carries its StartChatContact body
 * (`"DisplayName":"bench-<n>"`, client→server) to the first packet in which the server sends any agent a
 * frame naming that customer (`bench-<n>`, server→client) — which is the offer: an agent sees a contact
 * first when it is offered to them.
 *
 * Both times are the kernel's, taken when each write reached the loopback device. So the number covers all
 * the server does (and the time a request waits in the server's socket buffer while its loop is busy), but
 * not the time the load generator — on the same two cores — takes to get round to writing a request or to
 * reading a frame. The client-side numbers are printed beside it, for the same chats.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

export interface Capture {
  /** Stops tcpdump, reads the capture (see readPcap) and deletes it. */
  stop(patterns?: WirePatterns): Promise<WireTimes>;
}

/** What to look for: each regex's first group is the key that ties a request to what the server sends for it. */
export interface WirePatterns {
  toServer: RegExp;
  fromServer: RegExp;
  /** Keep every server→client match of a key (e.g. one delivery per chat socket), not only the first. */
  everyMatch?: boolean;
}

/** bench/routing: chat n's StartChatContact body, and the first agent frame naming its customer (the offer). */
export const OFFER_PATTERNS: WirePatterns = { toServer: /"DisplayName":"bench-(\d+)"/g, fromServer: /bench-(\d+)"/g };

export interface WireTimes {
  /** Epoch ms of the first client→server packet holding each key (e.g. a request body). */
  requestAt: Map<string, number>;
  /** Epoch ms of the server→client packets holding each key: the first, or every one (`everyMatch`). */
  responseAt: Map<string, number[]>;
  packets: number;
  /** What tcpdump said at exit, e.g. "0 packets dropped by kernel". */
  tcpdumpSummary: string;
  droppedByKernel: number;
}

/** Starts tcpdump on the loopback device for `port`; resolves once it is listening. Needs root and tcpdump. */
export async function startCapture(port: number, file: string): Promise<Capture> {
  // /dev/shm (memory) keeps the capture's writes off the disk the server fsyncs; -B: a 64 MiB kernel buffer.
  const child: ChildProcess = spawn('tcpdump', ['-i', 'lo', '-n', '-s', '0', '-B', '65536', '--time-stamp-precision=nano', '-w', file, `tcp port ${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start listening in 5 s: ${stderr}`)), 5000);
    child.once('error', (e) => reject(new Error(`--wire needs tcpdump (apt-get install -y tcpdump) and root: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${stderr}`)));
    child.stderr!.on('data', () => {
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    async stop(patterns = OFFER_PATTERNS) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT');
      await exited;
      try {
        const times = readPcap(readFileSync(file), port, patterns);
        const dropped = /(\d+) packets? dropped by kernel/.exec(stderr);
        return { ...times, tcpdumpSummary: stderr.split('\n').filter((l) => /packets/.test(l)).join('; '), droppedByKernel: dropped ? Number(dropped[1]) : NaN };
      } finally {
        rmSync(file, { force: true });
      }
    },
  };
}

/** Bytes of a flow kept from one packet to the next, so a name split across two packets is still found. */
const CARRY = 40;

/** Reads a pcap file (Ethernet link type, as tcpdump writes for `lo`; IPv4 or IPv6; µs or ns timestamps). */
export function readPcap(buf: Buffer, serverPort: number, patterns: WirePatterns): Omit<WireTimes, 'tcpdumpSummary' | 'droppedByKernel'> {
  const magic = buf.readUInt32LE(0);
  const nano = magic === 0xa1b23c4d;
  if (!nano && magic !== 0xa1b2c3d4) throw new Error(`not a little-endian pcap file (magic ${magic.toString(16)})`);
  const linkType = buf.readUInt32LE(20);
  if (linkType !== 1) throw new Error(`pcap link type ${linkType}: expected Ethernet (1), as tcpdump -i lo writes`);
  const requestAt = new Map<string, number>();
  const responseAt = new Map<string, number[]>();
  const carry = new Map<string, string>();
  let packets = 0;
  for (let off = 24; off + 16 <= buf.length;) {
    const at = buf.readUInt32LE(off) * 1000 + buf.readUInt32LE(off + 4) / (nano ? 1e6 : 1e3);
    const captured = buf.readUInt32LE(off + 8);
    const frame = buf.subarray(off + 16, off + 16 + captured);
    off += 16 + captured;
    packets++;
    const etherType = frame.readUInt16BE(12);
    let tcp: number;
    if (etherType === 0x0800) tcp = 14 + (frame[14]! & 0x0f) * 4;
    else if (etherType === 0x86dd && frame[20] === 6) tcp = 14 + 40;
    else continue;
    const srcPort = frame.readUInt16BE(tcp);
    const dstPort = frame.readUInt16BE(tcp + 2);
    const payload = frame.subarray(tcp + (frame[tcp + 12]! >> 4) * 4);
    if (payload.length === 0) continue;
    const toServer = dstPort === serverPort;
    const flow = `${toServer ? srcPort : dstPort}${toServer ? '>' : '<'}`;
    const before = carry.get(flow) ?? '';
    carry.set(flow, payload.subarray(Math.max(0, payload.length - CARRY)).toString('latin1'));
    const text = before + payload.toString('latin1');
    if (toServer) {
      for (const m of text.matchAll(patterns.toServer)) if (!requestAt.has(m[1]!)) requestAt.set(m[1]!, at);
      continue;
    }
    // A match wholly inside the carried bytes was counted with the packet before.
    for (const m of text.matchAll(patterns.fromServer)) {
      if (m.index! + m[0].length <= before.length) continue;
      const seen = responseAt.get(m[1]!);
      if (!seen) responseAt.set(m[1]!, [at]);
      else if (patterns.everyMatch) seen.push(at);
    }
  }
  return { requestAt, responseAt, packets };
}
