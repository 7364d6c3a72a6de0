import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule, withinDns } from '../../../../src/diagnose/rules/cert/chain.name-constraints.js';
import { check, makePki, observe } from './helpers.js';

test('RFC 5280 dNSName subtree matching', () => {
  assert.equal(withinDns('shop.test', 'shop.test'), true);
  assert.equal(withinDns('www.shop.test', 'shop.test'), true);
  assert.equal(withinDns('shop.test', '.shop.test'), false);
  assert.equal(withinDns('evilshop.test', 'shop.test'), false);
});

test('pass: leaf inside the permitted subtree', async () => {
  const { leaf, inter, root } = await makePki({}, { nameConstraints: { permittedDns: ['shop.test'] } });
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
});

test('finding: leaf outside the permitted subtree, and inside an excluded one', async () => {
  const a = await makePki({ san: { dns: ['shop.example'] } }, { nameConstraints: { permittedDns: ['corp.test'] } });
  const r = check(rule, await observe({ files: [[a.leaf, a.inter]], ca: [a.root] }));
  assert.match(r.findings[0]!.summary, /may only issue for corp\.test, but "CN=shop\.test" is for shop\.example/);
  const b = await makePki({}, {}, { nameConstraints: { excludedDns: ['shop.test'] } });
  const r2 = check(rule, await observe({ files: [[b.leaf, b.inter]], ca: [b.root] }));
  assert.equal(r2.findings.length, 2, 'both SAN names are excluded');
});
