// applicationHost.config: the https bindings of every IIS site (IIS configuration reference: system.applicationHost/sites/site/bindings/binding).
// bindingInformation = 'IP:port:host' (IPv6 in brackets); binding sslFlags bits: 1 SNI,
// 2 Central Certificate Store, 4 DisableHTTP2, 8 DisableOCSPStp, 16 DisableQUIC, 32 DisableTLS13,
// 64 DisableLegacyTLS, 128 NegotiateClientCert. Line numbers come from a scan of the text because
// the XML parser does not keep them.
import { XMLParser } from 'fast-xml-parser';
import { TlsDoctorError } from '../../errors.js';
import type { IisBindingObservation } from '../../model/observations/windows.js';
import { defineParser } from '../define-parser.js';
import { checkXml, lineStarts } from '../xml.js';

export interface RawIisBinding {
  site: string;
  siteId?: string;
  protocol: string;
  bindingInformation: string;
  sslFlags?: string;
  certificateHash?: string;
  certificateStoreName?: string;
  line: number;
}
export interface RawApplicationHost {
  bindings: RawIisBinding[];
  notes: string[];
  /** the piece pasted, when the input is not a whole document */
  fragment?: FragmentKind;
}

type XmlNode = Record<string, unknown>;
const asArray = (v: unknown): XmlNode[] =>
  Array.isArray(v) ? (v as XmlNode[]) : v && typeof v === 'object' ? [v as XmlNode] : [];

export function parseApplicationHostRaw(text: string, origin: string): RawApplicationHost {
  const notes: string[] = [];
  // applicationHost.config never has a DTD; refusing one keeps entity expansion out entirely
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: XML with a DOCTYPE/ENTITY declaration is not an applicationHost.config`,
    );
  const fragment = fragmentKind(text);
  const problem = checkXml(text, fragment ? { fragment: true } : {});
  if (problem) {
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: not well-formed XML at line ${problem.line} (offset ${problem.offset}): ${problem.message}`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    allowBooleanAttributes: true,
    processEntities: true,
    htmlEntities: false,
  });
  const doc = parser.parse(fragment ? wrapFragment(text, fragment) : text) as XmlNode;
  if (fragment)
    notes.push(
      `a <${fragment}> fragment, not a whole applicationHost.config: the bindings of other sites are not known`,
    );
  const conf = doc['configuration'] as XmlNode | undefined;
  const appHost = conf?.['system.applicationHost'] as XmlNode | undefined;
  const sites = appHost?.['sites'] as XmlNode | undefined;
  if (!sites) {
    notes.push('no <system.applicationHost><sites> section');
    return { bindings: [], notes };
  }
  // line numbers: each '<binding ' occurrence in document order
  const bindingLines = lineStarts(text, /<binding\s/g);
  let bi = 0;
  const bindings: RawIisBinding[] = [];
  // <siteDefaults>/<applicationDefaults> come before <site>; count their <binding> elements too (none in practice)
  for (const site of asArray(sites['site'])) {
    const name = String(site['@name'] ?? '');
    const id = site['@id'] !== undefined ? String(site['@id']) : undefined;
    const bs = asArray((site['bindings'] as XmlNode | undefined)?.['binding']);
    for (const b of bs) {
      const line = bindingLines[bi++] ?? 0;
      const rb: RawIisBinding = {
        site: name,
        protocol: String(b['@protocol'] ?? ''),
        bindingInformation: String(b['@bindingInformation'] ?? ''),
        line,
      };
      if (id !== undefined) rb.siteId = id;
      if (b['@sslFlags'] !== undefined) rb.sslFlags = String(b['@sslFlags']);
      if (b['@certificateHash'] !== undefined) rb.certificateHash = String(b['@certificateHash']);
      if (b['@certificateStoreName'] !== undefined)
        rb.certificateStoreName = String(b['@certificateStoreName']);
      bindings.push(rb);
    }
  }
  return { bindings, notes, ...(fragment ? { fragment } : {}) };
}

export type FragmentKind = 'system.applicationHost' | 'sites' | 'site' | 'bindings' | 'binding';

/**
 * What a pasted piece of applicationHost.config starts with, when it is not a whole document
 * (forum answers and support threads paste a `<site>` or its `<bindings>` alone).
 */
export function fragmentKind(text: string): FragmentKind | undefined {
  const body = text.replace(/^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*/, '');
  if (/^<configuration[\s>]/i.test(body)) return undefined;
  const m = /^<(system\.applicationHost|sites|site|bindings|binding)[\s>/]/.exec(body);
  return m ? (m[1] as FragmentKind) : undefined;
}

function wrapFragment(text: string, kind: FragmentKind): string {
  const body = text.replace(/<\?xml[^>]*\?>/g, '');
  switch (kind) {
    case 'system.applicationHost':
      return `<configuration>${body}</configuration>`;
    case 'sites':
      return `<configuration><system.applicationHost>${body}</system.applicationHost></configuration>`;
    case 'site':
      return `<configuration><system.applicationHost><sites>${body}</sites></system.applicationHost></configuration>`;
    case 'bindings':
      return `<configuration><system.applicationHost><sites><site name="(pasted bindings)">${body}</site></sites></system.applicationHost></configuration>`;
    case 'binding':
      return `<configuration><system.applicationHost><sites><site name="(pasted bindings)"><bindings>${body}</bindings></site></sites></system.applicationHost></configuration>`;
  }
}

/** 'IP:port:host' split from the right (IPv6 addresses contain ':'). */
export function splitBindingInformation(bi: string): { ip: string; port: number; host: string } | undefined {
  const last = bi.lastIndexOf(':');
  if (last < 0) return undefined;
  const host = bi.slice(last + 1);
  const rest = bi.slice(0, last);
  const second = rest.lastIndexOf(':');
  if (second < 0) return undefined;
  const portText = rest.slice(second + 1);
  let ip = rest.slice(0, second);
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  ip = ip.replace(/^\[|\]$/g, '').toLowerCase();
  return { ip: ip === '' ? '*' : ip, port: Number(portText), host: host.toLowerCase() };
}

export function observeApplicationHost(raw: RawApplicationHost, origin: string): IisBindingObservation[] {
  const out: IisBindingObservation[] = [];
  for (const b of raw.bindings) {
    if (b.protocol.toLowerCase() !== 'https') continue;
    const parts = splitBindingInformation(b.bindingInformation);
    if (!parts) {
      raw.notes.push(
        `line ${b.line}: site '${b.site}': bindingInformation '${b.bindingInformation}' is not IP:port:host`,
      );
      continue;
    }
    const flags = b.sslFlags !== undefined && /^\d+$/.test(b.sslFlags.trim()) ? Number(b.sslFlags.trim()) : 0;
    if (b.sslFlags !== undefined && !/^\d+$/.test(b.sslFlags.trim()))
      raw.notes.push(`line ${b.line}: sslFlags '${b.sslFlags}' is not a number; read as 0`);
    const o: IisBindingObservation = {
      kind: 'windows.iis-binding',
      from: { source: 'windows', origin, line: b.line },
      site: b.site,
      protocol: b.protocol.toLowerCase(),
      bindingInformation: b.bindingInformation,
      ip: parts.ip,
      port: parts.port,
      host: parts.host,
      sslFlags: flags,
      sni: (flags & 1) !== 0,
      centralCertStore: (flags & 2) !== 0,
    };
    if (b.siteId !== undefined) o.siteId = b.siteId;
    if (raw.fragment) o.partial = true;
    if (b.certificateHash) o.certificateHash = b.certificateHash.replace(/\s/g, '').toLowerCase();
    if (b.certificateStoreName) o.certificateStoreName = b.certificateStoreName;
    out.push(o);
  }
  return out;
}

/** applicationHost.config may hold encrypted app-pool passwords: never copy them. */
export function redactApplicationHost(text: string): string {
  return text.replace(/\b(password|encryptedPassword)\s*=\s*"[^"]*"/gi, '$1="[redacted by tlsdoctor]"');
}

export const parser = defineParser({
  id: 'applicationhost',
  title: '`applicationHost.config`',
  kinds: ['applicationhost-config'],
  files: ['applicationHost.config', '*.config'],
  collect: [
    {
      file: 'applicationHost.config',
      source: (env) =>
        `${env['windir'] ?? env['WINDIR'] ?? env['SystemRoot'] ?? 'C:\\Windows'}\\System32\\inetsrv\\config\\applicationHost.config`,
      what: 'IIS sites and https bindings',
      transform: { apply: redactApplicationHost, says: 'passwords redacted' },
      missingHint: 'IIS not installed?',
    },
  ],
  detectedBy: '`<configuration>` + `<system.applicationHost>`, or a pasted `<site>` / `<bindings>` fragment',
  details: 'https bindings, `sslFlags` bits; IIS Express configs; a DTD is refused',
  // an XML document: its root elements are a signature, outranked only by a .reg header
  detect: (head) => {
    if (/<configuration[\s>]/i.test(head) && /<system\.applicationHost[\s>]|<sites[\s>]/i.test(head))
      return 95;
    // a fragment: its first element, and a binding with its bindingInformation
    return fragmentKind(head) && /<binding\s[^>]*bindingInformation\s*=/i.test(head) ? 80 : 0;
  },
  raw: ({ text, origin }) => parseApplicationHostRaw(text, origin),
  observe: (raw, { origin }) => observeApplicationHost(raw, origin),
});
