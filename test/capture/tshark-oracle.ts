// tshark as the oracle for the capture module (DESIGN: test against what we did not build): per TCP
// stream, what tshark dissects — ClientHello seen, SNI, ServerHello seen with its version and cipher,
// HelloRetryRequest, alerts in clear with their sender, RST/FIN by side — against analyzeCapture's
// connection observations. Disagreements come back as lines; a test asserts there are none beyond
// those it explains.
import { execFileSync } from 'node:child_process';
import type { CaptureConnectionObservation } from '../../src/model/observations/capture.js';

/** RFC 8446 §4.1.3: the random of a HelloRetryRequest */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

export interface TsharkStream {
  stream: number;
  /** the port that sent the ClientHello (else the SYN) */
  clientPort: number;
  serverPort: number;
  clientHello: boolean;
  sni?: string;
  serverHello: boolean;
  version?: number;
  cipher?: number;
  hrr: boolean;
  alerts: string[];
  resetBy?: 'client' | 'server';
  finBy: Array<'client' | 'server'>;
}

function fields(file: string, filter: string, names: string[]): string[][] {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      '--enable-heuristic',
      'tls_tcp',
      '-Y',
      filter,
      '-T',
      'fields',
      '-E',
      'separator=|',
      '-E',
      'occurrence=a',
      '-E',
      'aggregator=,',
      ...names.flatMap((n) => ['-e', n]),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000, maxBuffer: 64 << 20 },
  );
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('|'));
}

const hex = (s: string | undefined): number | undefined =>
  s === undefined || s === '' ? undefined : Number.parseInt(s, 16);

/** What tshark says about each TCP stream with TLS in it. */
export function tsharkStreams(file: string): Map<string, TsharkStream> {
  const streams = new Map<number, TsharkStream>();
  const syn = new Map<number, number>();
  for (const [st, sp] of fields(file, 'tcp.flags.syn==1 && tcp.flags.ack==0', [
    'tcp.stream',
    'tcp.srcport',
    'tcp.dstport',
  ]))
    if (!syn.has(Number(st))) syn.set(Number(st), Number(sp));
  const get = (st: number, sp: number, dp: number): TsharkStream => {
    let s = streams.get(st);
    if (!s) {
      const client = syn.get(st) ?? sp;
      s = {
        stream: st,
        clientPort: client,
        serverPort: client === sp ? dp : sp,
        clientHello: false,
        serverHello: false,
        hrr: false,
        alerts: [],
        finBy: [],
      };
      streams.set(st, s);
    }
    return s;
  };
  // type 6: the HelloRetryRequest of TLS 1.3 drafts ≤ 21 (a message of its own then)
  const rows = fields(
    file,
    'tls.handshake.type==1 || tls.handshake.type==2 || tls.handshake.type==6 || tls.alert_message',
    [
      'tcp.stream',
      'tcp.srcport',
      'tcp.dstport',
      'tls.handshake.type',
      'tls.handshake.extensions_server_name',
      'tls.handshake.extensions.supported_version',
      'tls.handshake.version',
      'tls.handshake.ciphersuite',
      'tls.handshake.random',
      'tls.alert_message.level',
      'tls.alert_message.desc',
    ],
  );
  for (const [st, sp, dp, types, sni, sv, ver, suites, random, level, desc] of rows) {
    const types_ = (types ?? '').split(',').filter(Boolean);
    if (types_.includes('1')) {
      // the ClientHello's sender is the client, whatever the SYN said
      const s = get(Number(st), Number(sp), Number(dp));
      if (!s.clientHello) {
        s.clientHello = true;
        s.clientPort = Number(sp);
        s.serverPort = Number(dp);
        if (sni) s.sni = sni.split(',')[0];
      }
    }
    const s = get(Number(st), Number(sp), Number(dp));
    if (types_.includes('6')) s.hrr = true;
    if (types_.includes('2')) {
      const randoms = (random ?? '').split(',');
      const isHrr = randoms.some((r) => r.replace(/:/g, '') === HRR_RANDOM);
      if (isHrr) s.hrr = true;
      else if (!s.serverHello) {
        s.serverHello = true;
        const svs = (sv ?? '').split(',').filter(Boolean);
        // in a ServerHello, supported_versions holds the one selected version
        s.version = hex(svs[svs.length - 1]) ?? hex((ver ?? '').split(',').pop());
        s.cipher = hex((suites ?? '').split(',').pop());
      }
    }
    if (level) {
      const levels = level.split(',');
      const descs = (desc ?? '').split(',');
      const from = Number(sp) === s.clientPort ? 'client' : 'server';
      levels.forEach((l, i) => s.alerts.push(`${from} ${l}/${descs[i]}`));
    }
  }
  for (const [st, sp, rst, fin] of fields(file, 'tcp.flags.reset==1 || tcp.flags.fin==1', [
    'tcp.stream',
    'tcp.srcport',
    'tcp.flags.reset',
    'tcp.flags.fin',
  ])) {
    const s = streams.get(Number(st));
    if (!s) continue;
    const by = Number(sp) === s.clientPort ? 'client' : 'server';
    if ((rst === '1' || rst === 'True') && !s.resetBy) s.resetBy = by;
    if ((fin === '1' || fin === 'True') && !s.finBy.includes(by)) s.finBy.push(by);
  }
  return new Map([...streams.values()].map((s) => [`${s.clientPort}>${s.serverPort}`, s]));
}

/** Each disagreement between tshark and the connection observations, one line each. */
export function compareWithTshark(
  file: string,
  conns: readonly CaptureConnectionObservation[],
): { compared: number; disagreements: string[] } {
  const theirs = tsharkStreams(file);
  const out: string[] = [];
  let compared = 0;
  const seen = new Set<string>();
  for (const c of conns) {
    const key = `${c.client.port}>${c.server.port}`;
    const t = theirs.get(key);
    if (!t) {
      if (c.clientHello || c.serverHello) out.push(`${key}: we see a hello, tshark sees no TLS hello`);
      continue;
    }
    seen.add(key);
    compared++;
    const say = (what: string, ours: unknown, tshark: unknown): void => {
      if (JSON.stringify(ours) !== JSON.stringify(tshark))
        out.push(
          `${key} (tcp.stream ${t.stream}): ${what}: ours ${JSON.stringify(ours)}, tshark ${JSON.stringify(tshark)}`,
        );
    };
    say('ClientHello seen', c.clientHello !== undefined, t.clientHello);
    say('SNI', c.clientHello?.sni, t.sni);
    say('ServerHello seen', c.serverHello !== undefined, t.serverHello);
    say('version', c.serverHello?.version, t.version);
    say('cipher', c.serverHello?.cipherSuite, t.cipher);
    say('HelloRetryRequest', c.helloRetryRequest !== undefined, t.hrr);
    say(
      'alerts in clear',
      c.alerts.filter((a) => a.description < 0x10000).map((a) => `${a.from} ${a.level}/${a.description}`),
      t.alerts,
    );
    say('reset by', c.tcp.reset?.by, t.resetBy);
    say(
      'FIN by',
      [...(c.tcp.clientFin ? ['client'] : []), ...(c.tcp.serverFin ? ['server'] : [])].sort(),
      [...t.finBy].sort(),
    );
  }
  for (const [key, t] of theirs)
    if (!seen.has(key) && (t.clientHello || t.serverHello))
      out.push(`${key} (tcp.stream ${t.stream}): tshark sees a hello, we report no connection`);
  return { compared, disagreements: out };
}
