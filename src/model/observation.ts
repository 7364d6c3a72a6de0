// Observations are plain, serialisable facts with their evidence (DESIGN: "Observations never judge").
// Each gatherer (probe, x509, capture, windows) defines its own observation interfaces extending
// ObservationBase with a distinct `kind` string; diagnose imports them, never the other way round.

export type SourceKind = 'probe' | 'file' | 'capture' | 'windows' | 'input';

/** Where a fact came from: enough for a user to find it again. */
export interface SourceRef {
  source: SourceKind;
  /** file path, host:port, or command that produced it */
  origin: string;
  /** line number (1-based) in a text file */
  line?: number;
  /** byte offset in a binary file */
  offset?: number;
  /** frame number(s) in a capture */
  frames?: number[];
  /** ISO time the fact was observed, when known */
  time?: string;
}

export interface ObservationBase {
  /** e.g. 'cert.certificate', 'probe.handshake', 'windows.sslcert-binding' */
  kind: string;
  from: SourceRef;
  /** a gatherer that tried and failed marks its observation so rules can say "incomplete" */
  status?: 'ok' | 'failed';
  /** why it failed (one line), when status is 'failed' */
  error?: string;
}

/** A set of observations with lookup by kind. Rules receive this, read-only. */
export class ObservationSet {
  private readonly byKind = new Map<string, ObservationBase[]>();
  private readonly list: readonly ObservationBase[];
  constructor(observations: readonly ObservationBase[]) {
    this.list = observations;
    for (const o of observations) {
      const list = this.byKind.get(o.kind);
      if (list) list.push(o);
      else this.byKind.set(o.kind, [o]);
    }
  }
  get all(): readonly ObservationBase[] {
    return this.list;
  }
  /** every observation of this kind, typed by the caller */
  of<T extends ObservationBase>(kind: T['kind']): T[] {
    return (this.byKind.get(kind) ?? []) as T[];
  }
  has(kind: string): boolean {
    return this.byKind.has(kind);
  }
}
