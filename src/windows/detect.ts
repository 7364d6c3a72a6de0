// Which tool wrote this text? Decided by content, never by file name (the issue: "detects each
// file's kind by content"). Each test looks at values and structure that survive localization.
export type WindowsInputKind =
  | 'netsh-sslcert'
  | 'netsh-iplisten'
  | 'netstat'
  | 'get-nettcpconnection'
  | 'tasklist'
  | 'reg-export'
  | 'reg-query'
  | 'get-tlsciphersuite'
  | 'applicationhost-config'
  | 'certutil-store'
  | 'events-xml'
  | 'events-text'
  | 'systeminfo'
  | 'manifest'
  | 'empty'
  | 'unknown';

export function detectWindowsInput(text: string): WindowsInputKind {
  const head = text.slice(0, 200_000);
  if (head.trim() === '') return 'empty';
  const firstReal =
    head
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  if (/^(?:Windows Registry Editor Version 5\.00|REGEDIT4)\b/i.test(firstReal)) return 'reg-export';
  if (
    /^\{\s*"tool"\s*:\s*"tlsdoctor"/.test(head.trimStart()) ||
    (/^\{/.test(firstReal) && /"windowsCollect"/.test(head))
  )
    return 'manifest';
  if (/<configuration[\s>]/i.test(head) && /<system\.applicationHost[\s>]|<sites[\s>]/i.test(head))
    return 'applicationhost-config';
  if (/<Event[\s>][\s\S]*<System[\s>]/.test(head)) {
    // Event Viewer copy text carries its XML after 'Event Xml:'; the text form leads then
    if (/^[ \t]*(?:Log Name|Protokollname)\s*:/im.test(head) && /^Event Xml:/im.test(head))
      return 'events-text';
    return 'events-xml';
  }
  if (
    /^=+\s*(?:Certificate|Zertifikat|Certificat|Certificado|Certificato)\s+\d+\s*=+\s*$/im.test(head) ||
    /CertUtil: -store command/i.test(head)
  )
    return 'certutil-store';
  if (/^[ \t]*(?:Event|Ereignis|Événement|Evento)\[\d+\]:?\s*$/im.test(head)) return 'events-text';
  if (
    /^[ \t]*(?:Event ID|Ereignis-ID)\s*:\s*\d+/im.test(head) ||
    (/^[ \t]*Id\s*:\s*\d+\s*$/im.test(head) && /^[ \t]*ProviderName\s*:/im.test(head))
  )
    return 'events-text';
  if (
    /^[ \t]*(?:IP:port|Hostname:port|Central Certificate Store|ip:port)\s+:/im.test(head) ||
    /^[ \t]*Certificate Hash\s+:/im.test(head) ||
    /SSL Certificate bindings:|SSL-Zertifikatbindungen/i.test(head)
  )
    return 'netsh-sslcert';
  if (
    /^[ \t]*\S.*\s:\s\{[0-9a-fA-F-]{36}\}\s*$/m.test(head) &&
    /^[ \t]*\S.*\s:\s(?:\[[0-9a-fA-F:]+\]|[\d.]+):\d+\s*$/m.test(head)
  )
    return 'netsh-sslcert';
  if (/IP addresses present in the IP listen list/i.test(head)) return 'netsh-iplisten';
  if (/^[ \t]*(?:HKEY_[A-Z_]+|HKLM|HKCU)\\/m.test(head) && /\s{2,}REG_[A-Z_]+/.test(head)) return 'reg-query';
  // `reg query` of a key that does not exist prints only this line (absent policy key: normal)
  if (
    /^[ \t]*ERROR: The system was unable to find the specified registry key or value\.?\s*$/i.test(
      head.trim(),
    )
  )
    return 'reg-query';
  if (/^[ \t]*(?:HKEY_[A-Z_]+|HKLM)\\/m.test(head) && /^ERROR: The system was unable to find/im.test(head))
    return 'reg-query';
  if (
    /^[ \t]*Name\s*:\s*TLS_/m.test(head) &&
    /^[ \t]*(?:CipherSuite|BaseCipherSuite|Protocols)\s*:/m.test(head)
  )
    return 'get-tlsciphersuite';
  if (/^[ \t]*Name\s*\n\s*-{4,}\s*\n\s*TLS_/m.test(head)) return 'get-tlsciphersuite';
  if (
    /^[ \t]*LocalAddress\s+LocalPort\s+RemoteAddress/m.test(head) ||
    (/^[ \t]*LocalPort\s*:\s*\d+/m.test(head) && /^[ \t]*OwningProcess\s*:/m.test(head))
  )
    return 'get-nettcpconnection';
  if (/^The requested operation requires elevation.?s*$/im.test(head) && head.trim().split('\n').length <= 3)
    return 'netstat';
  const netstatRows = (head.match(/^[ \t]*(?:TCP|UDP)\s+\S+:\d+\s+\S+\s+(?:[A-Z_0-9]+\s+)?\d+\s*$/gim) ?? [])
    .length;
  if (netstatRows >= 1) return 'netstat';
  if (
    /^[ \t]*"Image Name","PID"/m.test(head) ||
    (/^[ \t]*Image Name\s+PID\b/m.test(head) && /^=+\s+=+/m.test(head)) ||
    /^[ \t]*"[^"]+\.exe","\d+"/m.test(head)
  )
    return 'tasklist';
  if (
    /^[ \t]*(?:OS Name|Betriebssystemname)\s*:/m.test(head) ||
    /Microsoft Windows \[Version \d+\.\d+/i.test(head)
  )
    return 'systeminfo';
  // a bare iplisten list without its header: only addresses and dashes
  const lines = head
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (
    lines.length > 0 &&
    lines.length < 200 &&
    lines.some((l) => /^[-]{10,}$/.test(l)) &&
    lines.every(
      (l) =>
        /^[-]+$/.test(l) ||
        /^(?:\d{1,3}\.){3}\d{1,3}$/.test(l) ||
        /^[0-9a-f:]+$/i.test(l) ||
        /listen/i.test(l),
    )
  )
    return 'netsh-iplisten';
  return 'unknown';
}
