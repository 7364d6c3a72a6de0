// network.middlebox-suspected over recorded runs of the lab's three boxes in front of a healthy
// server: one holds hellos carrying the site's name, one holds every hello offering TLS 1.3, one
// holds hellos over 1400 bytes. Each finding names the one factor that decides (sni, tls13, size,
// suites): the narrowing probes differ from the control hello in that factor alone.
// Neighbours that must stay quiet: a strict-SNI server (alerts, not silence), a server that closes
// or resets for its own name (sni.name-rejected), a TLS 1.2-only server (answers a hello offering
// TLS 1.3 with TLS 1.2), a server silent to everything (no-server-hello's business), and two
// hellos that differ in more than one factor (version and size at once: no conclusion).
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
    ...fixturesExcept('middlebox-sni', 'middlebox-tls13', 'middlebox-large-hello'),
    {
      name: 'a close for the name is a server refusing it (sni-name-closed), not a middlebox',
      fixture: 'sni-name-closed',
    },
    {
      name: 'the control hello dropped, the large one answered (derived): no size finding — the pattern no MTU problem makes',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'sni:name', outcomeOf('silent', 'sni:name')),
      check: (_, obs) => assert.equal(hello(obs, 'size:large').outcome.status, 'server-hello'),
    },
    {
      name: 'TLS 1.3-only version probe silent while TLS 1.2 alone answers (derived): two factors (versions and suites) — no conclusion',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'version:304:0', outcomeOf('silent', 'version:304:0')),
    },
    {
      name: 'a TLS 1.2-only server answers the TLS 1.3-only hello with an alert',
      fixture: 'tls12-only',
      check: (_, obs) => assert.equal(hello(obs, 'sni:name').outcome.serverHello?.version, 0x0303),
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
        assert.deepEqual(heads(f!.evidence), [
          'deciding factor',
          'with the real name',
          'no SNI',
          'another name',
        ]);
        assert.match(f!.evidence[0]!.text, /^deciding factor: sni — /);
        assert.match(f!.evidence[1]!.text, /→ no answer \(timeout\)/);
        assert.match(f!.evidence[2]!.text, /→ TLS 1\.3 TLS_/);
      },
    },
    {
      name: 'SNI filter seen only through another name (derived: the no-SNI hello also dropped)',
      fixture: 'middlebox-sni',
      edit: (obs) => transplantOutcome(obs, 'sni:none', outcomeOf('silent', 'sni:none')),
      findings: [{ ...finding('blocker'), confidence: 'likely' }],
      check: ([f]) => {
        assert.match(f!.summary, /the same hello with another name gets a ServerHello/);
        assert.deepEqual(heads(f!.evidence), ['deciding factor', 'with the real name', 'another name']);
      },
    },
    {
      name: 'box dropping hellos that offer TLS 1.3 (middlebox-tls13): the deciding factor is tls13, not size',
      fixture: 'middlebox-tls13',
      findings: [{ ...finding('blocker'), confidence: 'likely' }],
      check: ([f], obs) => {
        assert.match(
          f!.summary,
          /^The same ClientHello gets timeout when it offers TLS 1\.3 and a ServerHello \(TLS 1\.2\) when it does not/,
        );
        assert.match(f!.evidence[0]!.text, /^deciding factor: tls13 — /);
        assert.deepEqual(heads(f!.evidence), ['deciding factor', 'answered', 'dropped']);
        // the pair really differs in TLS 1.3 alone: same size, same suites, same name
        const control = hello(obs, 'sni:name');
        const without = hello(obs, 'tls13:not-offered');
        assert.equal(control.offer.size, without.offer.size);
        assert.deepEqual(control.offer.cipherSuites, without.offer.cipherSuites);
        assert.equal(control.offer.serverName, without.offer.serverName);
      },
    },
    {
      name: 'box dropping hellos over 1400 bytes (middlebox-large-hello): the deciding factor is size, not TLS 1.3',
      fixture: 'middlebox-large-hello',
      findings: [{ ...finding('medium'), confidence: 'likely' }],
      check: ([f], obs) => {
        const control = hello(obs, 'sni:name');
        const large = hello(obs, 'size:large');
        assert.ok(
          control.offer.size < 1400 && large.offer.size > 1500,
          `${control.offer.size} / ${large.offer.size}`,
        );
        assert.equal(
          f!.summary,
          `A ClientHello of ${control.offer.size} bytes is answered but the same hello padded to ${large.offer.size} bytes gets timeout: only the size differs, so a device on the path mishandles large or fragmented hellos (MTU/MSS, or a hello-size bug).`,
        );
        assert.match(f!.evidence[0]!.text, /^deciding factor: size — /);
      },
    },
    {
      name: 'a suite list dropped at the same size (derived from healthy): the deciding factor is suites',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'suites:minimal', outcomeOf('silent', 'sni:name')),
      findings: [finding('medium')],
      check: ([f]) => {
        assert.match(
          f!.evidence[0]!.text,
          /^deciding factor: suites — \d+ suites answered, 5 suites dropped/,
        );
      },
    },
  ],
});
