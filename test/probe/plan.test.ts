// The diagnose plan as data: executing DIAGNOSE_PLAN sends exactly the hellos the flow used to build
// inline (kept below as the reference), in the same order, and each carries typed `varies` fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Version, type ClientHelloOptions } from '../../src/wire/index.js';
import { CLIENT_PROFILES, helloForProfile } from '../../src/probe/profiles/index.js';
import { probeVersion, SCAN_VERSIONS } from '../../src/probe/scan.js';
import { runPlan } from '../../src/probe/plan.js';
import {
  CONTROL_SIZE,
  DIAGNOSE_PLAN,
  LARGE_SIZE,
  OTHER_SNI,
} from '../../src/probe/profiles/diagnose-plan.js';
import { prepareHello } from '../../src/probe/hello-probe.js';
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

/** The flow's versions and client profiles as they were written inline before the plan became data. */
function reference(session: HelloSender, serverName: string | undefined): Array<Promise<unknown>> {
  const phase1: Array<Promise<unknown>> = [
    ...SCAN_VERSIONS.map((v) => probeVersion(session, v, serverName)),
    ...CLIENT_PROFILES.map((p) =>
      session.hello(`profile:${p.id}`, 'profile', helloForProfile(p, serverName), {
        until: 'flight',
        profileId: p.id,
      }),
    ),
  ];
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
    assert.ok(inline.sent.length > 20);
    const inlineIds = new Set(inline.sent.map((s) => s.id));
    const head = planned.sent.filter((s) => inlineIds.has(s.id));
    assert.deepEqual(head.map(withoutVaries), inline.sent.map(withoutVaries));
    // sizes on the wire are the same too (key order of the options included)
    assert.deepEqual(
      head.map((s) => JSON.stringify(s.opts)),
      inline.sent.map((s) => JSON.stringify(s.opts)),
    );
    // then the narrowing probes: the control hello (always) and its variants (SNI ones with a name)
    assert.deepEqual(
      planned.sent.filter((s) => !inlineIds.has(s.id)).map((s) => s.id),
      serverName
        ? ['sni:name', 'sni:none', 'sni:other', 'size:large', 'tls13:not-offered', 'suites:minimal']
        : ['sni:name', 'size:large', 'tls13:not-offered', 'suites:minimal'],
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
  assert.deepEqual(varies.get('tls13:not-offered'), { tls13: 'not-offered' });
  assert.deepEqual(varies.get('suites:minimal'), { suites: 'minimal' });
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
    if (s.step === 'hello' && s.purpose === 'sni' && s.sni !== 'name')
      assert.equal(s.onlyWithServerName, true, s.id);
});

test('each narrowing hello differs from the control hello in exactly its one factor', async () => {
  const planned = recorder();
  await Promise.all(runPlan(planned, DIAGNOSE_PLAN, { serverName: 'shop.test', otherServerName: OTHER_SNI }));
  const offer = (id: string) => {
    const sent = planned.sent.find((s) => s.id === id)!;
    return prepareHello(sent.opts as ClientHelloOptions).offer;
  };
  const control = offer('sni:name');
  assert.equal(control.size, CONTROL_SIZE);
  assert.ok(control.versions.includes(Version.TLS13) && control.versions.includes(Version.TLS12));
  const factors = (o: ReturnType<typeof offer>) => {
    const d: string[] = [];
    if (o.size !== control.size) d.push('size');
    if ((o.serverName ?? '') !== (control.serverName ?? '')) d.push('sni');
    if (o.versions.join() !== control.versions.join()) d.push('versions');
    if (o.cipherSuites.join() !== control.cipherSuites.join()) d.push('suites');
    if ((o.groups ?? []).join() !== (control.groups ?? []).join()) d.push('groups');
    return d;
  };
  assert.deepEqual(factors(offer('sni:none')), ['sni']);
  assert.deepEqual(factors(offer('sni:other')), ['sni']);
  assert.deepEqual(factors(offer('size:large')), ['size']);
  assert.equal(offer('size:large').size, LARGE_SIZE);
  assert.deepEqual(factors(offer('tls13:not-offered')), ['versions']);
  assert.deepEqual(offer('tls13:not-offered').versions, [Version.TLS12]);
  assert.deepEqual(factors(offer('suites:minimal')), ['suites']);
});
