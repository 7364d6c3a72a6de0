// The per-address cap's groups: a name and the address it resolves to are one server; names
// that do not resolve keep their own group; --ip and IP literals are their own address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { addressGroups } from '../../src/fleet/address-groups.js';
import type { FleetTarget } from '../../src/model/report.js';

test('address groups: a host name joins the group of the address it resolves to', async () => {
  // the address a diagnosis of localhost connects to first (system resolver, its order)
  const first = (await lookup('localhost', { all: true, verbatim: true }))[0]!.address;
  const literal = first.includes(':') ? `[${first}]` : first;
  const targets: FleetTarget[] = [
    { target: 'https://localhost:8443/', origin: 'list:1' },
    { target: `${literal}:9443`, origin: 'list:2' },
    { target: 'localhost:10443', origin: 'list:3' },
    { target: 'shop.example.invalid:443', origin: 'list:4' },
    { target: 'other.example.invalid:443', ip: '127.0.0.1', origin: 'list:5' },
  ];
  const groups = await addressGroups(targets, { timeoutMs: 3000 });
  assert.equal(groups.get(targets[0]!), first);
  assert.equal(groups.get(targets[1]!), first);
  assert.equal(groups.get(targets[2]!), first);
  // RFC 6761 §6.4: .invalid names never resolve
  assert.equal(groups.get(targets[3]!), 'shop.example.invalid');
  assert.equal(groups.get(targets[4]!), '127.0.0.1');
});

test('address groups: the pass ends at its time limit; names left keep their own group', async () => {
  const targets: FleetTarget[] = Array.from({ length: 40 }, (_, i) => ({
    target: `n${i}.example.invalid:443`,
    origin: `list:${i + 1}`,
  }));
  const groups = await addressGroups(targets, { timeoutMs: 1, concurrency: 1 });
  assert.equal(groups.size, 40);
  for (const [t, g] of groups) assert.equal(g, t.target.replace(/:443$/, ''));
});
