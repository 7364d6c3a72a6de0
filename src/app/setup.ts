// Shared first steps of scan and diagnose: parse the target, resolve every address, TCP-connect to
// each, and derive the probe deadlines from the measured round trip.
import { parseTarget, resolveTarget, type Target } from '../probe/target.js';
import { adaptiveReadMs, formatEndpoint } from '../probe/session.js';
import { exchange, type Deadlines } from '../probe/connection.js';
import type { DnsObservation, TcpObservation } from '../model/observations/probe.js';

export interface SetupOptions {
  sni?: string | false;
  ip?: string;
  timeoutMs?: number;
}

export interface NetworkSetup {
  target: Target;
  dns: DnsObservation;
  address: string;
  /** the address probed */
  tcp: TcpObservation;
  /** every address's TCP result (the probed one included) */
  tcpAll: TcpObservation[];
  deadlines: Deadlines;
  serverName: string | undefined;
}

/** Parse, resolve and open one TCP connection to measure the path; shared by scan and diagnose. */
export async function setupTarget(input: string, o: SetupOptions): Promise<NetworkSetup> {
  const target = parseTarget(input);
  if (o.ip) target.connectAddress = o.ip;
  const addresses = await resolveTarget(target);
  const dns: DnsObservation = {
    kind: 'probe.dns',
    from: { source: 'probe', origin: target.host, time: new Date().toISOString() },
    host: target.host,
    addresses,
    literal: Boolean(o.ip) || (addresses.length === 1 && addresses[0]!.address === target.host),
  };
  const userMax = o.timeoutMs ?? 5000;
  // TCP to every address at once; probe the first that is open (DNS order)
  const tcps = await Promise.all(addresses.map((a) => tcpConnect(a.address, target.port, userMax)));
  const chosen = tcps.find((t) => t.obs.state === 'open') ?? tcps[0]!;
  const address = chosen.obs.address;
  const tcp = chosen.obs;
  const tcpRes = chosen.res;
  const readMs = adaptiveReadMs(tcpRes.timings.connectMs, userMax);
  const deadlines: Deadlines = {
    connectMs: Math.min(userMax, 3000),
    readMs,
    totalMs: Math.max(userMax, readMs + 1000),
  };
  const serverName = o.sni === false ? undefined : (o.sni ?? target.serverName);
  return { target, dns, address, tcp, tcpAll: tcps.map((t) => t.obs), deadlines, serverName };
}

async function tcpConnect(
  address: string,
  port: number,
  userMax: number,
): Promise<{ obs: TcpObservation; res: Awaited<ReturnType<typeof exchange>> }> {
  const res = await exchange({
    address,
    port,
    deadlines: { connectMs: Math.min(userMax, 3000), readMs: 1, totalMs: userMax },
    payload: Buffer.alloc(0),
    consume: () => true,
  });
  // a reset (ECONNRESET, not ECONNREFUSED) comes after the TCP handshake completed: something
  // listens and accepted, even if it dropped the connection at once
  const state: TcpObservation['state'] =
    res.timings.connectMs !== undefined || res.end === 'reset'
      ? 'open'
      : res.end === 'refused'
        ? 'refused'
        : res.end === 'timeout'
          ? 'filtered'
          : 'unreachable';
  const obs: TcpObservation = {
    kind: 'probe.tcp',
    from: { source: 'probe', origin: formatEndpoint({ address, port }), time: new Date().toISOString() },
    address,
    port,
    state,
    ...(res.timings.connectMs !== undefined ? { connectMs: res.timings.connectMs } : {}),
    ...(state !== 'open' && res.error ? { error: res.error } : {}),
  };
  return { obs, res };
}
