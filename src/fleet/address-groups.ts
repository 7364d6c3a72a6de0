// The per-address cap groups targets by the server they reach: a host name and the address it
// resolves to are one server, and so are two names of one address. Each name is resolved once,
// before the run, as `diagnose` resolves it (the system resolver, in its order); the group is the
// first address, the one a diagnosis connects to first. The system resolver runs on libuv's small
// thread pool, so the whole pass has one time limit: a name that did not resolve by then (or not
// at all) keeps its own group, and its diagnosis reports what DNS says.
import { isIP } from 'node:net';
import { parseTarget, resolveTarget } from '../probe/target.js';
import type { FleetTarget } from '../model/report.js';

export interface AddressGroupOptions {
  /** the most the whole pass may take, ms */
  timeoutMs: number;
  /** names resolved at once */
  concurrency?: number;
}

/** The group (an address, or the host name when it did not resolve) of every target. */
export async function addressGroups(
  targets: readonly FleetTarget[],
  o: AddressGroupOptions,
): Promise<Map<FleetTarget, string>> {
  const out = new Map<FleetTarget, string>();
  /** host name -> its group, so each name is resolved once */
  const names = new Map<string, Promise<string>>();
  const todo: Array<{ host: string; resolve: (g: string) => void }> = [];
  const groupOfName = (host: string): Promise<string> => {
    let p = names.get(host);
    if (!p) {
      p = new Promise<string>((resolve) => todo.push({ host, resolve }));
      names.set(host, p);
    }
    return p;
  };
  const pending: Array<Promise<void>> = [];
  for (const t of targets) {
    let host: string;
    let literal: string | undefined;
    try {
      const parsed = parseTarget(t.target);
      host = parsed.host.toLowerCase();
      literal = isIP(parsed.host) ? parsed.host : undefined;
    } catch {
      out.set(t, t.ip ?? t.target);
      continue;
    }
    if (t.ip) out.set(t, t.ip);
    else if (literal) out.set(t, literal);
    else pending.push(groupOfName(host).then((g) => void out.set(t, g)));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), o.timeoutMs)));
  let late = false;
  void deadline.then(() => (late = true));
  const worker = async (): Promise<void> => {
    for (let job = todo.shift(); job; job = todo.shift()) {
      const { host, resolve } = job;
      if (late) {
        resolve(host);
        continue;
      }
      const first = await Promise.race([
        resolveTarget(parseTarget(host)).then(
          (a) => a[0]?.address ?? host,
          () => host,
        ),
        deadline,
      ]);
      resolve(first ?? host);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 16) }, worker));
  clearTimeout(timer);
  await Promise.all(pending);
  return out;
}
