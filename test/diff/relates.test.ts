// Every finding a rule can emit (captures aside: a capture is not one side of a diff) names the
// facts it rests on, so a diff can put the difference that explains it first; and every fact named
// is one the facets can hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../src/diagnose/rules/index.js';
import { RELATES, relatedPatterns } from '../../src/diff/relates.js';

const FACET_PREFIXES = [
  'reachability.',
  'protocol.versions',
  'cipher.',
  'groups.',
  'sni.',
  'client.',
  'handshake.full',
  'cert.',
  'chain.',
  'features.',
  'windows.',
];

test('every finding id a rule emits has its related facts', () => {
  const ids = new Set(RULES.flatMap((r) => [...(r.meta.emits ?? [r.meta.id])]));
  const missing = [...ids].filter((id) => !id.startsWith('capture.') && !(id in RELATES)).sort();
  assert.deepEqual(missing, []);
});

test('every related fact is a facet key the facets produce', () => {
  for (const [id, prefixes] of Object.entries(RELATES))
    for (const p of prefixes)
      assert.ok(
        FACET_PREFIXES.some((f) => p.startsWith(f) || f.startsWith(p)),
        `${id}: ${p}`,
      );
});

test('{subject} stands for the finding subject, or any endpoint without one', () => {
  const [withSubject] = relatedPatterns('windows.sslcert-zero-appid', 'Shop.Contoso.com:443');
  assert.ok(withSubject!.test('windows.sslcert.shop.contoso.com:443.appid'));
  assert.ok(!withSubject!.test('windows.sslcert.www.contoso.com:443.appid'));
  const [any] = relatedPatterns('windows.sslcert-zero-appid', undefined);
  assert.ok(any!.test('windows.sslcert.www.contoso.com:443.appid'));
  assert.ok(!any!.test('windows.sslcert.www.contoso.com:443.store'));
});
