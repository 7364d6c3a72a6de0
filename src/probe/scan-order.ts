// The accepted cipher suites of one protocol version and the server's preference order among them,
// found with rounds of probes that run at once instead of one dependent chain.
//
// One probe offers a subset of suites and reads the one the server chooses. A server that enforces
// its own preference (RFC 5246 §7.4.1.3 leaves the choice to the server; OpenSSL's
// SSL_OP_CIPHER_SERVER_PREFERENCE, nginx's ssl_prefer_server_ciphers, gnutls' %SERVER_PRECEDENCE,
// SChannel by default) answers with the best suite of the subset it supports, so each answer is
// the fact "the chosen suite beats every other supported suite offered".
//
// 1. The candidates are dealt round-robin into `parts` interleaved parts, and each part is searched
//    by its own removal chain (offer the part, note the choice, offer the rest): the parts run at
//    once, so the supported set costs (largest part's share + 1) round trips instead of n + 1, and
//    each chain lists its part in the server's order.
// 2. As soon as one chain has two suites a > b, [b, a] is offered: a server that enforces its order
//    still picks a (one pair, offered both ways).
// 3. The parts' lists are merged by speculation: a hypothesis h (every fact so far, ties broken by
//    each suite's place within its part) is checked by offering every suffix h[k..] at once; where
//    h is right each answer confirms one place, where it is wrong the answers are new facts for the
//    next round. The first suffix of a round is exactly the set not yet placed, so every round
//    places at least one suite: never more rounds than the dependent chain. The first round goes out
//    beside the last parts' probes, on the suites found so far (a fact holds whatever they add).
//
// The cost model (probes, connections, round trips as a function of n) is in docs/benchmarks.md.

import { cipherSuite } from '../wire/registry/index.js';

/** Offers `offer` (in that order) and resolves to the suite the server chose, or undefined for none. */
export type ChooseSuite = (offer: readonly number[], id: string) => Promise<number | undefined>;

export interface SuiteOrderOptions {
  /** interleaved parts searched at once (1 = the plain removal chain) */
  parts?: number;
  /** at most this many speculative probes per merge round */
  width?: number;
  /** probe id prefix */
  tag?: string;
  /**
   * What a server's order usually follows (forward secrecy, AEAD, key exchange, key size…), one
   * number per property, for each suite: the merge learns from the parts' lists which of them this
   * server sorts by, and in which direction, and guesses with that first.
   */
  traits?: (suite: number) => readonly number[];
}

export interface SuiteOrder {
  /** the accepted suites: in the server's order when it enforces one, else in the order offered */
  suites: number[];
  /** true: the server enforces its own order; false: it follows the client's; null: undetermined */
  serverOrder: boolean | null;
  /** dependent round trips (the longest chain of probes that each waited for an earlier answer) */
  rounds: number;
  /** probes sent */
  probes: number;
}

export const DEFAULT_PARTS = 8;
export const DEFAULT_WIDTH = 14;

/** Deals `items` round-robin into `n` parts (so the usual suites, listed first, spread over every part). */
export function interleave<T>(items: readonly T[], n: number): T[][] {
  const parts: T[][] = Array.from({ length: Math.max(1, Math.min(n, items.length)) }, () => []);
  items.forEach((x, i) => parts[i % parts.length]!.push(x));
  return parts.filter((p) => p.length > 0);
}

/**
 * Removal chains over `parts` interleaved parts of `candidates`, all at once: offer the part, note
 * the one chosen, offer the rest, until the server chooses none (or something not offered). The
 * chosen items per part, in the order chosen. Round trips: the largest part's count + 1.
 */
export async function searchParts(
  candidates: readonly number[],
  parts: number,
  choose: (offer: readonly number[], part: number, step: number) => Promise<number | undefined>,
  onChosen?: (chosen: number, offered: readonly number[], found: readonly number[], part: number) => void,
  onPartEnd?: (part: number, found: readonly number[]) => void,
): Promise<number[][]> {
  return Promise.all(
    interleave(candidates, parts).map(async (part, pi) => {
      const found: number[] = [];
      let left = part;
      while (left.length > 0) {
        const c = await choose(left, pi, found.length);
        if (c === undefined || !left.includes(c)) break;
        found.push(c);
        onChosen?.(c, left, found, pi);
        left = left.filter((x) => x !== c);
      }
      onPartEnd?.(pi, found);
      return found;
    }),
  );
}

export async function discoverSuiteOrder(
  candidates: readonly number[],
  choose: ChooseSuite,
  o: SuiteOrderOptions = {},
): Promise<SuiteOrder> {
  const tag = o.tag ?? 'suite';
  const width = Math.max(1, o.width ?? DEFAULT_WIDTH);
  let probes = 0;
  let rounds = 0;
  /** a probe that waited for answers `depth` round trips deep */
  const ask = async (offer: readonly number[], id: string, depth: number): Promise<number | undefined> => {
    probes++;
    rounds = Math.max(rounds, depth);
    const c = await choose(offer, id);
    return c !== undefined && offer.includes(c) ? c : undefined;
  };
  // offers keep the candidates' order, so a server that looks at the client's first suite
  // (OpenSSL's SSL_OP_PRIORITIZE_CHACHA) sees the same kind of offer in every probe
  const rank = new Map(candidates.map((c, i) => [c, i]));
  const inOrder = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => rank.get(a)! - rank.get(b)!);

  const facts: Array<{ winner: number; offered: readonly number[] }> = [];
  let orderCheck: { pair: [number, number]; answer: Promise<number | undefined> } | undefined;
  const startOrderCheck = (a: number, b: number, depth: number): void => {
    orderCheck = { pair: [a, b], answer: ask([b, a], `${tag}-order:swapped`, depth) };
  };

  // 1 + 2: the parts' removal chains, at once. When all but the last two parts have ended and the
  // server is known to enforce its order, a first merge round goes out on the suites found so far
  // (its answers stay true whatever the last parts add), beside those parts' last probes
  const parts = o.parts ?? DEFAULT_PARTS;
  const partCount = interleave(candidates, parts).length;
  const seen: number[][] = Array.from({ length: partCount }, () => []);
  let ended = 0;
  let serverFirst: boolean | undefined;
  let early: Promise<void> | undefined;
  const speculate = async (depth: number): Promise<void> => {
    const now = inOrder(seen.flat());
    if (now.length < 3) return;
    const h = guess(now, facts, seen, o.traits ?? suiteTraits);
    await Promise.all(
      h.slice(0, Math.min(width, h.length - 1)).map(async (_, k) => {
        const offer = inOrder(h.slice(k));
        const c = await ask(offer, `${tag}-merge:early:${k}`, depth);
        if (c !== undefined) facts.push({ winner: c, offered: offer });
      }),
    );
  };
  const chains = await searchParts(
    inOrder(candidates),
    parts,
    (offer, pi, n) => ask(offer, `${tag}:${pi}:${n}`, n + 1),
    (winner, offered, found, pi) => {
      facts.push({ winner, offered });
      seen[pi] = [...found];
      if (found.length === 2 && !orderCheck) {
        startOrderCheck(found[0]!, found[1]!, 3);
        void orderCheck!.answer.then((c) => (serverFirst = c === found[0]));
      }
    },
    (_, found) => {
      ended++;
      if (!early && serverFirst && partCount > 2 && ended >= partCount - 2)
        early = speculate(found.length + 2);
    },
  );
  await early;
  const set = inOrder(chains.flat());
  if (set.length < 2) return { suites: set, serverOrder: null, rounds, probes };

  let serverOrder: boolean | null;
  if (orderCheck) {
    const c = await orderCheck.answer;
    serverOrder = c === orderCheck.pair[0] ? true : c === orderCheck.pair[1] ? false : null;
    if (c !== undefined) facts.push({ winner: c, offered: orderCheck.pair });
  } else {
    // every part found at most one suite: offer one pair both ways
    const [a, b] = [set[0]!, set[1]!];
    const depth = rounds + 1;
    const [x, y] = await Promise.all([
      ask([a, b], `${tag}-order:ab`, depth),
      ask([b, a], `${tag}-order:ba`, depth),
    ]);
    serverOrder = x === undefined || y === undefined ? null : x === y;
    if (serverOrder && x !== undefined) facts.push({ winner: x, offered: [a, b] });
  }
  // a server that follows the client's order has none of its own to learn
  if (serverOrder === false) return { suites: set, serverOrder, rounds, probes };

  // 3: merge by speculation
  const n = set.length;
  const index = new Map(set.map((c, i) => [c, i]));
  const beats = Array.from({ length: n }, () => new Uint8Array(n));
  const learn = (winner: number, offered: readonly number[]): void => {
    const w = index.get(winner);
    if (w === undefined) return;
    for (const x of offered) {
      const j = index.get(x);
      if (j !== undefined && j !== w) beats[w]![j] = 1;
    }
  };
  for (const f of facts) learn(f.winner, f.offered);
  const close = (): void => {
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++)
        if (beats[i]![k]) for (let j = 0; j < n; j++) if (beats[k]![j]) beats[i]![j] = 1;
  };
  // a suite's place within its own part, as a fraction: the last tie-break of every hypothesis
  const quantile = new Float64Array(n);
  for (const ch of chains) ch.forEach((c, i) => (quantile[index.get(c)!] = (i + 0.5) / ch.length));
  const traits = set.map((c) => (o.traits ?? suiteTraits)(c));

  const placed: number[] = [];
  const left = new Set(set.map((_, i) => i));
  let depth = rounds;
  while (left.size > 0) {
    close();
    // place every suite known to beat all the others still left
    for (let grown = true; grown && left.size > 0;) {
      grown = false;
      for (const i of left) {
        if ([...left].every((j) => j === i || beats[i]![j])) {
          placed.push(i);
          left.delete(i);
          grown = true;
          break;
        }
      }
    }
    if (left.size === 0) break;
    // the hypothesis: every known fact, ties (and any contradiction) broken by what they suggest
    const before = lexicographicPrior(n, beats, traits, quantile);
    const h: number[] = [];
    const rest = new Set(left);
    while (rest.size > 0) {
      const free = [...rest].filter((i) => ![...rest].some((j) => j !== i && beats[j]![i] && !beats[i]![j]));
      const pick = (free.length > 0 ? free : [...rest]).reduce((a, b) => (before(b, a) ? b : a));
      h.push(pick);
      rest.delete(pick);
    }
    // check h: offer every suffix whose best is not known yet, at once
    depth++;
    const checks: Array<Promise<void>> = [];
    for (let k = 0; k < h.length - 1 && checks.length < width; k++) {
      const suffix = h.slice(k);
      if (k > 0 && suffix.every((j) => j === h[k] || beats[h[k]!]![j])) continue;
      const offer = inOrder(suffix.map((i) => set[i]!));
      checks.push(
        ask(offer, `${tag}-merge:${placed.length}:${k}`, depth).then((c) => {
          if (c !== undefined) learn(c, offer);
        }),
      );
    }
    await Promise.all(checks);
    close();
    // no answer to the one offer that had to be answered (a server gone quiet): keep the hypothesis
    if (![...left].some((i) => [...left].every((j) => j === i || beats[i]![j]))) {
      placed.push(...h);
      left.clear();
    }
  }
  return { suites: placed.map((i) => set[i]!), serverOrder, rounds: depth, probes };
}

/**
 * A guess at the server's order learnt from the facts so far: greedily, the trait (and direction)
 * that agrees with the most known pairs and contradicts the fewest decides first, then the next
 * among the pairs it left tied (a lexicographic order, as cipher strings are usually written:
 * forward secrecy, then AEAD, then the key exchange…). Returns "a goes before b".
 */
export function lexicographicPrior(
  n: number,
  beats: ReadonlyArray<Uint8Array>,
  traits: ReadonlyArray<readonly number[]>,
  quantile: Float64Array,
): (a: number, b: number) => boolean {
  let pairs: Array<[number, number]> = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) if (beats[a]![b] && !beats[b]![a]) pairs.push([a, b]);
  const width = Math.min(...traits.map((t) => t.length), Infinity);
  const keys: Array<{ t: number; dir: 1 | -1 }> = [];
  for (let round = 0; Number.isFinite(width) && round < width && pairs.length > 0; round++) {
    // a lexicographic order is right when each trait it uses contradicts none of the pairs it
    // decides: fewest contradictions first, then the order the traits are listed in
    let best: { t: number; dir: 1 | -1; wrong: number; right: number } | undefined;
    for (let t = 0; t < width; t++) {
      if (keys.some((k) => k.t === t)) continue;
      let up = 0;
      let down = 0;
      for (const [a, b] of pairs) {
        const d = traits[b]![t]! - traits[a]![t]!;
        if (d > 0) up++;
        else if (d < 0) down++;
      }
      for (const [dir, right, wrong] of [
        [1, up, down],
        [-1, down, up],
      ] as const)
        if (right > wrong && (!best || wrong < best.wrong)) best = { t, dir, wrong, right };
    }
    if (!best) break;
    keys.push(best);
    pairs = pairs.filter(([a, b]) => traits[a]![best.t] === traits[b]![best.t]);
  }
  return (a, b) => {
    for (const k of keys) {
      const d = (traits[a]![k.t]! - traits[b]![k.t]!) * k.dir;
      if (d !== 0) return d < 0;
    }
    return quantile[a]! < quantile[b]! || (quantile[a] === quantile[b] && a < b);
  };
}

const KX_RANK: Record<string, number> = { ECDHE: 0, DHE: 1, ECDH: 2, DH: 3, RSA: 4 };
const MAC_RANK: Record<string, number> = { AEAD: 0, 'HMAC-SHA384': 1, 'HMAC-SHA256': 2, 'HMAC-SHA1': 3 };

/**
 * What cipher strings are usually sorted by, as numbers (smaller = what a modern list puts first):
 * forward secrecy, AEAD, key exchange, key size, ChaCha20, the MAC, AES, ECDSA.
 */
export function suiteTraits(code: number): number[] {
  const s = cipherSuite(code);
  if (!s) return [1, 1, 9, 9, 0, 1, 1, 1];
  return [
    s.fs ? 0 : 1,
    s.aead ? 0 : 1,
    KX_RANK[s.kx] ?? 5,
    MAC_RANK[s.mac] ?? 4,
    s.bits,
    s.cipher.startsWith('CHACHA20') ? 0 : 1,
    s.cipher.startsWith('AES') ? 0 : 1,
    s.auth === 'ECDSA' ? 0 : 1,
  ];
}

/**
 * A guess at the order of `set` from the facts so far (each: the winner beats everything else
 * offered), ties broken as in the merge: the traits' lexicographic order learnt from the facts, then
 * the place within its part.
 */
function guess(
  set: readonly number[],
  facts: ReadonlyArray<{ winner: number; offered: readonly number[] }>,
  parts: ReadonlyArray<readonly number[]>,
  traitsOf: (suite: number) => readonly number[],
): number[] {
  const n = set.length;
  const index = new Map(set.map((c, i) => [c, i]));
  const beats = Array.from({ length: n }, () => new Uint8Array(n));
  for (const f of facts) {
    const w = index.get(f.winner);
    if (w === undefined) continue;
    for (const x of f.offered) {
      const j = index.get(x);
      if (j !== undefined && j !== w) beats[w]![j] = 1;
    }
  }
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      if (beats[i]![k]) for (let j = 0; j < n; j++) if (beats[k]![j]) beats[i]![j] = 1;
  const quantile = new Float64Array(n);
  for (const p of parts) p.forEach((c, i) => (quantile[index.get(c)!] = (i + 0.5) / p.length));
  const before = lexicographicPrior(
    n,
    beats,
    set.map((c) => traitsOf(c)),
    quantile,
  );
  const h: number[] = [];
  const rest = new Set(set.map((_, i) => i));
  while (rest.size > 0) {
    const free = [...rest].filter((i) => ![...rest].some((j) => j !== i && beats[j]![i] && !beats[i]![j]));
    const pick = (free.length > 0 ? free : [...rest]).reduce((a, b) => (before(b, a) ? b : a));
    h.push(pick);
    rest.delete(pick);
  }
  return h.map((i) => set[i]!);
}
