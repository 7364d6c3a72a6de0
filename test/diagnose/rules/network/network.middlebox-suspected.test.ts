// network.middlebox-suspected over recorded runs. The lab's SNI-filtering middlebox (a relay that
// holds hellos carrying one name, passes the rest to a healthy server) is the real firing case; the
// other two branches — a large hello dropped while a small one is answered, a TLS 1.3-only hello
// dropped while TLS 1.2 works — need a path device no loopback server reproduces, so they are
// derived from the healthy recording by giving those probes the silent server's real timeout.
// Neighbours that must stay quiet: a strict-SNI server (alerts, not silence), a server that closes
// or resets for its own name (sni.name-rejected), a TLS 1.2-only server
// (alerts to a TLS 1.3-only hello), a server silent to everything (no-server-hello's business).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/network.middlebox-suspected.js';
import type { Severity } from '../../../../src/model/finding.js';
import {
  ORIGIN,
  fixturesExcept,
  hello,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

const finding = (severity: Severity) =>
  ({
    id: 'network.middlebox-suspected',
    severity,
    evidence: [{ source: 'probe', origin: ORIGIN }],
    commands: false,
  }) as const;
const heads = (texts: { text: string }[]) => texts.map((e) => e.text.split(':')[0]);

ruleTester(rule, {
  valid: [
    ...fixturesExcept('middlebox-sni'),
    {
      name: 'a close for the name is a server refusing it (sni-name-closed), not a middlebox',
      fixture: 'sni-name-closed',
    },
    {
      name: 'small hello dropped, large answered (derived): no size finding — the pattern no MTU problem makes',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'size:small', outcomeOf('silent', 'size:small')),
    },
    {
      name: 'a TLS 1.2-only server answers the TLS 1.3-only hello with an alert',
      fixture: 'tls12-only',
      check: (_, obs) => assert.equal(hello(obs, 'version:304:0').outcome.status, 'alert'),
    },
    {
      name: 'a strict-SNI server alerts without the name (not silence)',
      fixture: 'sni-required',
      check: (_, obs) => assert.equal(hello(obs, 'sni:none').outcome.status, 'alert'),
    },
    {
      name: 'a reset for the name (derived) is a server refusing it (sni.name-rejected), not a middlebox',
      fixture: 'middlebox-sni',
      edit: (obs) => transplantOutcome(obs, 'sni:name', outcomeOf('reset', 'sni:name')),
    },
  ],
  invalid: [
    {
      name: 'SNI filter (middlebox-sni): names the blocked host, "no answer at all", and compares with the hello without SNI',
      fixture: 'middlebox-sni',
      // every current client sends the name and times out: blocker
      findings: [{ ...finding('blocker'), confidence: 'likely' }],
      check: ([f]) => {
        assert.match(
          f!.summary,
          /^Hellos carrying the name middlebox-sni\.lab\.tlsdoctor\.test get no answer at all, while the same hello without SNI gets a ServerHello/,
        );
        assert.deepEqual(heads(f!.evidence), ['with the real name', 'no SNI', 'another name']);
        assert.match(f!.evidence[0]!.text, /→ no answer \(timeout\)/);
        assert.match(f!.evidence[1]!.text, /→ TLS 1\.3 TLS_/);
      },
    },
    {
      name: 'SNI filter seen only through another name (derived: the no-SNI hello also dropped)',
      fixture: 'middlebox-sni',
      edit: (obs) => transplantOutcome(obs, 'sni:none', outcomeOf('silent', 'sni:none')),
      findings: [{ ...finding('blocker'), confidence: 'likely' }],
      check: ([f]) => {
        assert.match(f!.summary, /the same hello with another name gets a ServerHello/);
        assert.deepEqual(heads(f!.evidence), ['with the real name', 'another name']);
      },
    },
    {
      name: 'large hello dropped, small answered (derived from healthy): names both sizes, medium while clients still work',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'size:large', outcomeOf('silent', 'size:large')),
      findings: [finding('medium')],
      check: ([f], obs) => {
        const small = hello(obs, 'size:small');
        const large = hello(obs, 'size:large');
        assert.ok(
          small.offer.size < 256 && large.offer.size > 1500,
          `${small.offer.size} / ${large.offer.size} bytes`,
        );
        assert.equal(
          f!.summary,
          `A small ClientHello (${small.offer.size} bytes) is answered but a large one (${large.offer.size} bytes) gets timeout: a device on the path mishandles large or fragmented hellos (MTU/MSS, or a hello-size bug).`,
        );
        assert.deepEqual(heads(f!.evidence), ['small hello', 'large hello']);
      },
    },
    {
      name: 'TLS 1.3-only hello silent while TLS 1.2 answers (derived from healthy): medium, names both',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'version:304:0', outcomeOf('silent', 'version:304:0')),
      findings: [finding('medium')],
      check: ([f]) => {
        assert.match(
          f!.summary,
          /^A TLS 1\.3-only hello gets timeout instead of an alert or a TLS 1\.2 answer, while TLS 1\.2 works/,
        );
        assert.deepEqual(heads(f!.evidence), ['TLS 1.3 alone', 'TLS 1.2 alone']);
      },
    },
  ],
});
