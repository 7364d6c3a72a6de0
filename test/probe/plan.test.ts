// The diagnose plan as data: executing DIAGNOSE_PLAN sends exactly the hellos the flow used to build
// inline (kept below as the reference), in the same order, and each carries typed `varies` fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Version, type ClientHelloOptions } from '../../src/wire/index.js';
import { TLS13_SUITES } from '../../src/wire/registry/index.js';
import { CLIENT_PROFILES, helloForProfile } from '../../src/probe/profiles/index.js';
import { probeVersion, SCAN_VERSIONS } from '../../src/probe/scan.js';
import { bundles, suitesByCommonness, wideHello } from '../../src/probe/hellos.js';
import { runPlan } from '../../src/probe/plan.js';
import { DIAGNOSE_PLAN, OTHER_SNI } from '../../src/probe/profiles/diagnose-plan.js';
import type { HelloSender, HelloExtra } from '../../src/probe/session.js';
import type { HelloOutcome, ProbeVaries } from '../../src/model/observations/probe.js';

interface Sent {
  id: string;
  purpose: string;
  opts: ClientHelloOptions | { sslv2: number[] };
  extra: HelloExtra;
}

/** Records what is sent; every hello is refused with handshake_failure (so every suite bundle is tried). */
function recorder(): HelloSender & { sent: Sent[] } {
  const sent: Sent[] = [];
  const refused: HelloOutcome = {
    status: 'alert',
    address: '127.0.0.1',
    port: 443,
    timings: { totalMs: 1 },
    bytesSent: 0,
    bytesReceived: 7,
    alert: { level: 2, description: 40, afterServerHello: false },
  };
  return {
    sent,
    async hello(id, purpose, opts, extra = {}) {
      sent.push({ id, purpose, opts, extra });
      return refused;
    },
    async sslv2(id, cipherKinds, varies) {
      sent.push({ id, purpose: 'version', opts: { sslv2: cipherKinds }, extra: varies ? { varies } : {} });
      return refused;
    },
  };
}

/** The flow's handshakes as they were written inline before the plan became data. */
function reference(session: HelloSender, serverName: string | undefined): Array<Promise<unknown>> {
  const name = serverName ? { serverName } : {};
  const modernSuites = [...TLS13_SUITES, ...bundles(suitesByCommonness(Version.TLS12))[0]!];
  const variant = (id: string, sni: string | undefined): Promise<unknown> =>
    session.hello(id, 'sni', {
      ...wideHello(Version.TLS13, modernSuites, { ...(sni ? { serverName: sni } : {}), alsoTls12: true }),
    });
  const phase1: Array<Promise<unknown>> = [
    ...SCAN_VERSIONS.map((v) => probeVersion(session, v, serverName)),
    ...CLIENT_PROFILES.map((p) =>
      session.hello(`profile:${p.id}`, 'profile', helloForProfile(p, serverName), {
        until: 'flight',
        profileId: p.id,
      }),
    ),
    session.hello('size:small', 'size', {
      legacyVersion: Version.TLS12,
      cipherSuites: [0xc02f, 0xc030, 0xc02b, 0xc02c, 0x009c, 0x009d, 0x002f, 0x0035],
      ...name,
      groups: [0x001d, 0x0017],
      ecPointFormats: [0],
      signatureAlgorithms: [0x0401, 0x0403, 0x0804, 0x0501, 0x0201],
    }),
    session.hello('size:large', 'size', {
      ...wideHello(Version.TLS13, modernSuites, { ...name, alsoTls12: true }),
      padding: 1600,
    }),
  ];
  if (serverName)
    phase1.push(
      variant('sni:none', undefined),
      variant('sni:other', OTHER_SNI),
      variant('sni:name', serverName),
    );
  return phase1;
}

const withoutVaries = (s: Sent): Sent => {
  const { varies: _varies, ...extra } = s.extra;
  return { ...s, extra };
};

for (const serverName of ['shop.test', undefined]) {
  test(`the diagnose plan sends the same hellos in the same order (${serverName ?? 'no server name'})`, async () => {
    const planned = recorder();
    await Promise.all(runPlan(planned, DIAGNOSE_PLAN, { serverName, otherServerName: OTHER_SNI }));
    const inline = recorder();
    await Promise.all(reference(inline, serverName));
    assert.ok(planned.sent.length > 20);
    assert.deepEqual(planned.sent.map(withoutVaries), inline.sent.map(withoutVaries));
    // sizes on the wire are the same too (key order of the options included)
    assert.deepEqual(
      planned.sent.map((s) => JSON.stringify(s.opts)),
      inline.sent.map((s) => JSON.stringify(s.opts)),
    );
  });
}

test('every planned hello says what it varied, as typed fields matching its id', async () => {
  const planned = recorder();
  await Promise.all(runPlan(planned, DIAGNOSE_PLAN, { serverName: 'shop.test', otherServerName: OTHER_SNI }));
  const varies = new Map<string, ProbeVaries | undefined>(planned.sent.map((s) => [s.id, s.extra.varies]));
  for (const [id, v] of varies) assert.ok(v && Object.keys(v).length > 0, `${id} has varies`);
  assert.deepEqual(varies.get('version:ssl2'), { version: Version.SSL2 });
  assert.deepEqual(varies.get('version:303:0'), { version: Version.TLS12, suiteBundle: 0 });
  assert.deepEqual(varies.get('version:304:0'), { version: Version.TLS13, suiteBundle: 0 });
  assert.deepEqual(varies.get('size:small'), { size: 'small' });
  assert.deepEqual(varies.get('size:large'), { size: 'large' });
  assert.deepEqual(varies.get('sni:none'), { sni: 'none' });
  assert.deepEqual(varies.get('sni:other'), { sni: 'other' });
  assert.deepEqual(varies.get('sni:name'), { sni: 'name' });
  for (const p of CLIENT_PROFILES) assert.deepEqual(varies.get(`profile:${p.id}`), { profile: p.id });
});

test('the plan is well-formed: unique hello ids, SNI comparisons only with a name', () => {
  const ids = DIAGNOSE_PLAN.flatMap((s) => (s.step === 'hello' ? [s.id] : []));
  assert.equal(new Set(ids).size, ids.length);
  for (const s of DIAGNOSE_PLAN)
    if (s.step === 'hello' && s.purpose === 'sni') assert.equal(s.onlyWithServerName, true, s.id);
});
