// `certutil -store my` (Microsoft Learn: windows-commands/certutil): blocks '================ Certificate N ================',
// 'Label: value' lines, then the key section. The key status lines are what matter here:
// 'Missing stored keyset', 'No key provider information', '... test passed' / '... FAILED'.
import type { CertStoreEntryObservation } from '../../model/observations/windows.js';
import { normalizeThumbprint, type Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawCertutilCert {
  index: number;
  line: number;
  fields: Array<{ label: string; value: string; line: number }>;
  /** lines with no 'label: value' shape (status lines) */
  flags: Array<{ text: string; line: number }>;
}
export interface RawCertutil {
  store?: string;
  /** from the command line, when it was pasted with the output */
  scope?: 'machine' | 'user';
  certs: RawCertutilCert[];
  completed: boolean;
  failure?: string;
  notes: string[];
}

const SEP = /^=+\s*(?:Certificate|Zertifikat|Certificat|Certificado|Certificato)\s+(\d+)\s*=+$/i;

export function parseCertutilRaw(lines: readonly Line[]): RawCertutil {
  const out: RawCertutil = { certs: [], completed: false, notes: [] };
  let cur: RawCertutilCert | undefined;
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') continue;
    const sep = SEP.exec(t);
    if (sep) {
      cur = { index: Number(sep[1]), line: n, fields: [], flags: [] };
      out.certs.push(cur);
      continue;
    }
    if (
      /^CertUtil: -\w+ command completed successfully/i.test(t) ||
      /^CertUtil: -\w+-Befehl wurde erfolgreich ausgeführt/i.test(t)
    ) {
      out.completed = true;
      continue;
    }
    if (/^CertUtil: -\w+ command FAILED/i.test(t)) {
      out.failure = t;
      continue;
    }
    if (/^CertUtil:/i.test(t)) {
      out.notes.push(`line ${n}: ${t}`);
      continue;
    }
    const cmd = /^certutil(?:\.exe)?\s+(.*)$/i.exec(t);
    if (cmd) {
      out.scope = /(?:^|\s)[-/]user\b/i.test(cmd[1]!) ? 'user' : 'machine';
      const st = /[-/]store\s+(?:[-/]\w+\s+)*"?([^"\s]+)/i.exec(cmd[1]!);
      if (st && !out.store) out.store = st[1]!;
      continue;
    }
    if (!cur) {
      const st = /^(\S+)\s+"([^"]*)"$/.exec(t);
      if (st) out.store = st[1]!;
      continue;
    }
    const kv = /^([^:=]{1,60}?)\s*(?::|=)\s*(.*)$/.exec(t);
    if (kv && !/test (?:passed|FAILED)/i.test(t))
      cur.fields.push({ label: kv[1]!.trim(), value: kv[2]!.trim(), line: n });
    else cur.flags.push({ text: t, line: n });
  }
  return out;
}

const HASH_LABELS =
  /^(?:Cert Hash\(sha1\)|Zertifikathash\(sha1\)|Hachage du certificat\(sha1\)|Hach\. cert\. \(sha1\)|Hash del certificado\(sha1\)|Certificate Hash)$/i;

export function observeCertutil(raw: RawCertutil, origin: string): CertStoreEntryObservation[] {
  return raw.certs.map((c) => {
    const get = (re: RegExp): string | undefined => c.fields.find((f) => re.test(f.label))?.value;
    const allText = [...c.flags.map((f) => f.text), ...c.fields.map((f) => `${f.label}: ${f.value}`)];
    const missing = allText.some((s) =>
      /Missing stored keyset|Fehlender gespeicherter Schlüsselsatz/i.test(s),
    );
    const noProv = allText.some((s) =>
      /No key provider information|Keine Schlüsselanbieterinformationen|Aucune information sur le fournisseur de clé/i.test(
        s,
      ),
    );
    const root = allText.some((s) => /^(?:Root Certificate|Stammzertifikat|Certificat racine)\s*:/i.test(s));
    const passed = allText.some((s) => /(?:Encryption|Signature) test passed|test erfolgreich/i.test(s));
    const failed = allText.some((s) =>
      /(?:Encryption|Signature) test FAILED|Keyset does not exist|0x80090016/i.test(s),
    );
    const provider = get(/^(?:Provider|Anbieter|Fournisseur)$/i);
    const container = get(/^(?:Key Container|Schlüsselcontainer|Conteneur de clé)$/i);
    const hash = c.fields.find((f) => HASH_LABELS.test(f.label))?.value ?? get(/\(sha1\)$/i);
    const o: CertStoreEntryObservation = {
      kind: 'windows.cert-store-entry',
      from: { source: 'windows', origin, line: c.line },
      store: raw.store ?? 'My',
      index: c.index,
      missingStoredKeyset: missing,
      noKeyProviderInfo: noProv,
      keyTest: failed ? 'failed' : passed ? 'passed' : 'not-run',
      hasPrivateKey: (provider !== undefined || container !== undefined) && !missing && !noProv && !failed,
    };
    if (hash) o.thumbprint = normalizeThumbprint(hash);
    if (raw.scope) o.scope = raw.scope;
    if (root) o.root = true;
    const serial = get(/^(?:Serial Number|Seriennummer|Numéro de série)$/i);
    if (serial) o.serial = serial.replace(/\s/g, '').toLowerCase();
    const subject = get(/^(?:Subject|Antragsteller|Objet)$/i);
    if (subject) o.subject = subject;
    const issuer = get(/^(?:Issuer|Aussteller|Émetteur)$/i);
    if (issuer) o.issuer = issuer;
    const nb = get(/^NotBefore$/i);
    if (nb) o.notBefore = nb;
    const na = get(/^NotAfter$/i);
    if (na) o.notAfter = na;
    if (provider) o.provider = provider;
    if (container) o.keyContainer = container;
    return o;
  });
}

export const parser = defineParser({
  id: 'certutil-store',
  title: '`certutil -store my`',
  kinds: ['certutil-store'],
  files: ['certutil-*.txt', 'certutil*.out'],
  collect: [
    {
      file: 'certutil-my.txt',
      cmd: 'certutil',
      args: ['-store', 'my'],
      what: 'machine certificate store and private-key status',
    },
  ],
  detectedBy: '`==== Certificate N ====` blocks',
  details: 'English and German labels; `Missing stored keyset`, `No key provider information`, key tests',
  // certificate block separators or the command's own banner
  detect: (head) =>
    /^=+\s*(?:Certificate|Zertifikat|Certificat|Certificado|Certificato)\s+\d+\s*=+\s*$/im.test(head) ||
    /CertUtil: -store command/i.test(head)
      ? 85
      : 0,
  raw: ({ lines }) => parseCertutilRaw(lines),
  observe: (raw, { origin }) => observeCertutil(raw, origin),
  notes: (raw) => (raw.failure ? [...raw.notes, raw.failure] : raw.notes),
});
