// Two sides (each a report's facets, findings and verdict) in, the differences out, ordered by
// what explains the failure: the differences in the facts the failing side's root cause rests on
// first (relates.ts), then the other differences that can decide whether a client connects, then
// the rest (a serial number, a later expiry). Pure.
import type { Finding } from '../model/finding.js';
import type { ClientDifference, DiffArea, DiffData, DiffSide, Difference } from '../model/report.js';
import type { Facet, FacetFamily, FacetMap } from './facets.js';
import { relatedPatterns } from './relates.js';
import { fixFor } from './fixes.js';
import { versionName } from '../wire/registry/index.js';

export interface SideInput {
  side: DiffSide;
  facets: FacetMap;
  findings: readonly Finding[];
}

const AREA_ORDER: readonly DiffArea[] = [
  'reachability',
  'protocol',
  'cipher',
  'sni',
  'certificate',
  'chain',
  'windows',
  'clients',
  'features',
];

const failingOf = (s: SideInput): boolean =>
  s.side.verdict.status !== 'healthy' ||
  s.findings.some((f) => f.severity !== 'info' && f.severity !== 'low');

/** The side whose problems the differences explain: B when both or neither is clearly the failing one. */
export function failingSide(a: SideInput, b: SideInput): 'a' | 'b' | null {
  const fa = failingOf(a);
  const fb = failingOf(b);
  if (fb) return 'b';
  if (fa) return 'a';
  return null;
}

const familiesOf = (m: FacetMap): Set<FacetFamily> => new Set([...m.values()].map((f) => f.family));

export type Comparison = Pick<DiffData, 'failing' | 'equivalent' | 'compared' | 'differences' | 'clients'>;

export function compareSides(a: SideInput, b: SideInput): Comparison {
  const failing = failingSide(a, b);
  const [bad, good] = failing === 'a' ? [a, b] : [b, a];
  const famA = familiesOf(a.facets);
  const famB = familiesOf(b.facets);
  const keys = [...new Set([...a.facets.keys(), ...b.facets.keys()])];
  const compared = new Set<DiffArea>();
  const diffs: Array<Difference & { rank: [number, number, number] }> = [];
  const serious = bad.findings.filter((f) => f.severity !== 'info');

  for (const key of keys) {
    const fa = a.facets.get(key);
    const fb = b.facets.get(key);
    const family = (fa ?? fb)!.family;
    if (!famA.has(family) || !famB.has(family)) continue;
    compared.add((fa ?? fb)!.area);
    if (fa && fb && fa.compare === fb.compare) continue;
    // a part of an HTTP.sys binding only one side has: the binding's own presence says it
    const parent = /^(windows\.sslcert\..+)\.(appid|store|flags|hash|cert)$/.exec(key)?.[1];
    if (parent && (!a.facets.has(parent) || !b.facets.has(parent))) continue;
    const any = (fa ?? fb)!;
    let rank: [number, number, number] = [Infinity, Infinity, Infinity];
    let explains: string | undefined;
    serious.forEach((f, i) => {
      // the finding's own evidence pointing at this fact (same file and line) links it most surely
      const same = [fa?.from, fb?.from].some((src) =>
        f.evidence.some(
          (e) => src && e.from.origin === src.origin && e.from.line !== undefined && e.from.line === src.line,
        ),
      );
      relatedPatterns(f.id, f.subject).forEach((p, j) => {
        if (!p.test(key)) return;
        const r: [number, number, number] = [i, j, same ? 0 : 1];
        if (
          r[0] < rank[0] ||
          (r[0] === rank[0] && (r[1] < rank[1] || (r[1] === rank[1] && r[2] < rank[2])))
        ) {
          rank = r;
          explains = f.id;
        }
      });
    });
    const matters = explains !== undefined || (fa?.matters ?? false) || (fb?.matters ?? false);
    const goodFacet = failing === 'a' ? fb : fa;
    const badFacet = failing === 'a' ? fa : fb;
    const finding = explains ? serious.find((f) => f.id === explains) : undefined;
    // a client's fate is decided by another difference (the client matrix names it): no fix of its own
    const fix =
      matters && any.area !== 'clients'
        ? fixFor({
            key,
            good: goodFacet,
            bad: badFacet,
            goodSide: good.side,
            badSide: bad.side,
            badFacets: bad.facets,
            ...(finding ? { finding } : {}),
          })
        : undefined;
    diffs.push({
      facet: key,
      area: any.area,
      title: any.title,
      a: fa?.display ?? '(absent)',
      b: fb?.display ?? '(absent)',
      matters,
      ...(explains ? { explains } : {}),
      ...(fix ? { fix } : {}),
      evidence: { ...(fa?.from ? { a: fa.from } : {}), ...(fb?.from ? { b: fb.from } : {}) },
      rank,
    });
  }

  const areaRank = (d: Difference): number => AREA_ORDER.indexOf(d.area);
  diffs.sort(
    (x, y) =>
      Number(y.matters) - Number(x.matters) ||
      x.rank[0] - y.rank[0] ||
      x.rank[1] - y.rank[1] ||
      x.rank[2] - y.rank[2] ||
      areaRank(x) - areaRank(y) ||
      x.facet.localeCompare(y.facet),
  );
  const differences: Difference[] = diffs.map(({ rank: _rank, ...d }) => d);
  // one fix once: a later difference that the same change fixes points back to it
  const given = new Map<string, number>();
  differences.forEach((d, n) => {
    if (!d.fix) return;
    const sig = JSON.stringify(d.fix);
    const first = given.get(sig);
    if (first === undefined) given.set(sig, n);
    else
      d.fix = {
        steps: [`The change of difference ${first + 1} (${differences[first]!.title}) covers this one.`],
        commands: [],
      };
  });
  const clients = clientMatrix(good, bad, differences, failing === 'a' ? 'a' : 'b');
  for (const c of clients) {
    const d = differences.find((x) => x.facet === `client.${c.profile}`);
    if (d && c.why) d.why = c.why;
  }
  return {
    failing,
    equivalent: !differences.some((d) => d.matters),
    compared: AREA_ORDER.filter((x) => compared.has(x)),
    differences,
    clients,
  };
}

/** Client profiles that work on the good side and fail on the other, each with the one difference that decides it. */
function clientMatrix(
  good: SideInput,
  bad: SideInput,
  differences: readonly Difference[],
  badLabel: 'a' | 'b',
): ClientDifference[] {
  const out: ClientDifference[] = [];
  const badVersions = detailVersions(bad.facets.get('protocol.versions'));
  const label = badLabel.toUpperCase();
  for (const [key, g] of good.facets) {
    if (!key.startsWith('client.') || g.detail?.type !== 'client' || !g.detail.ok) continue;
    const b = bad.facets.get(key);
    if (!b || b.detail?.type !== 'client' || b.detail.ok) continue;
    const offered = b.detail.offered;
    const common = badVersions ? offered.filter((v) => badVersions.includes(v)) : undefined;
    let decidedBy: string | undefined;
    let why: string;
    if (common && common.length === 0 && differences.some((d) => d.facet === 'protocol.versions')) {
      decidedBy = 'protocol.versions';
      why = `it offers ${offered.map(versionName).join(', ')}; ${label} accepts ${badVersions!.length ? badVersions!.map(versionName).join(', ') : 'none'}`;
    } else if (
      g.detail.negotiated !== undefined &&
      badVersions &&
      !badVersions.includes(g.detail.negotiated) &&
      differences.some((d) => d.facet === 'protocol.versions')
    ) {
      decidedBy = 'protocol.versions';
      why = `it got ${versionName(g.detail.negotiated)} on the working side; ${label} does not accept it`;
    } else {
      const decider =
        differences.find(
          (d) => d.matters && (d.area === 'cipher' || d.facet.startsWith('windows.cipher-order')),
        ) ??
        differences.find((d) => d.matters && d.area === 'sni') ??
        differences.find((d) => d.matters && d.area !== 'clients');
      decidedBy = decider?.facet;
      why = decider
        ? `${decider.title} (it gets "${b.detail.outcome}" on ${label})`
        : `it gets "${b.detail.outcome}" on ${label}`;
    }
    out.push({
      profile: g.detail.profile,
      name: g.title,
      a: badLabel === 'a' ? b.display : g.display,
      b: badLabel === 'a' ? g.display : b.display,
      ...(decidedBy ? { decidedBy } : {}),
      why,
    });
  }
  return out;
}

function detailVersions(f: Facet | undefined): number[] | undefined {
  return f?.detail?.type === 'versions' ? f.detail.versions : undefined;
}
