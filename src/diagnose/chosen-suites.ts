// What the server chooses when a client offers it a choice: the suites of every ServerHello to a
// hello that offered a suite with the property in question (forward secrecy, AEAD). Rules about the
// quality of the connection clients get read this, never the suites a server merely accepts alone.
import { cipherSuite, cipherSuiteName, versionName } from '../wire/registry/index.js';
import type { Evidence } from '../model/finding.js';
import type { HelloObservation } from '../model/observations/probe.js';

export type SuiteProperty = 'fs' | 'aead';

export interface ChosenSuites {
  /** hellos that offered at least one suite with the property and got a ServerHello */
  offered: HelloObservation[];
  /** of those, the ones whose chosen suite has the property */
  got: HelloObservation[];
  /** the distinct suites chosen, most frequent first */
  chosen: Array<{ code: number; count: number }>;
}

const has = (code: number, p: SuiteProperty): boolean => cipherSuite(code)?.[p] === true;

export function chosenSuites(hellos: readonly HelloObservation[], p: SuiteProperty): ChosenSuites {
  const offered = hellos.filter(
    (h) => h.outcome.status === 'server-hello' && h.offer.cipherSuites.some((c) => has(c, p)),
  );
  const got = offered.filter((h) => has(h.outcome.serverHello!.cipherSuite, p));
  const counts = new Map<number, number>();
  for (const h of offered) {
    const c = h.outcome.serverHello!.cipherSuite;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const chosen = [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code - b.code);
  return { offered, got, chosen };
}

/** Evidence: the suites chosen, and one hello (a client profile when there is one) that shows it. */
export function chosenEvidence(c: ChosenSuites, p: SuiteProperty): Evidence[] {
  const sample = c.offered.find((h) => h.profileId) ?? c.offered[0]!;
  const offeredWith = sample.offer.cipherSuites.filter((x) => has(x, p)).length;
  return [
    {
      from: { ...sample.from },
      text: `suites the server chose for ${c.offered.length} hellos that offered ${p === 'fs' ? 'forward-secret (ECDHE/DHE) suites' : 'AEAD (GCM, ChaCha20-Poly1305, CCM) suites'}: ${c.chosen
        .slice(0, 4)
        .map((x) => `${cipherSuiteName(x.code)} (${x.count}×)`)
        .join(', ')}${c.chosen.length > 4 ? ', …' : ''}`,
    },
    {
      from: { ...sample.from },
      text: `${sample.profileId ? `${sample.id.replace(/^profile:/, '')}: ` : ''}${versionName(sample.offer.maxVersion)} hello with ${offeredWith} such suites of ${sample.offer.cipherSuites.length} → ${versionName(sample.outcome.serverHello!.version)} ${cipherSuiteName(sample.outcome.serverHello!.cipherSuite)}`,
    },
  ];
}
