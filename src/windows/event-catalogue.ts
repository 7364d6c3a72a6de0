// A minimal meaning table for the SChannel and HttpEvent IDs the windows rules use
// (Microsoft Learn: "Schannel events" and the HTTP.sys event log entries). The full catalogue is src/knowledge (`tlsdoctor explain`);
// this table only names events in the report when that catalogue does not answer.
export interface EventMeaning {
  title: string;
  /** the finding id the event supports, when one exists */
  findingId?: string;
}

export const EVENT_MEANINGS: Record<string, EventMeaning> = {
  'Schannel/36869': {
    title: 'Certificate has no private key information (key not linked to the certificate)',
    findingId: 'cert.no-private-key',
  },
  'Schannel/36870': {
    title: 'Fatal error accessing the TLS credential private key (key missing, corrupt or unreadable)',
    findingId: 'windows.private-key-unreadable',
  },
  'Schannel/36871': {
    title: 'Fatal error creating a TLS credential (state 10013: no enabled protocol/suite usable)',
    findingId: 'windows.credential-creation-failed',
  },
  'Schannel/36874': {
    title: 'A client offered no cipher suite the server has enabled',
    findingId: 'windows.no-common-cipher-event',
  },
  'Schannel/36887': { title: 'Fatal alert received from the peer', findingId: 'windows.peer-alert-received' },
  'Schannel/36888': { title: 'Fatal alert generated and sent to the peer', findingId: 'windows.alert-sent' },
  'Schannel/36872': { title: 'Certificate chain could not be retrieved' },
  'Schannel/36882': { title: 'Remote server certificate issued by an untrusted CA (outbound connection)' },
  'Schannel/36884': {
    title: 'Remote server certificate does not contain the expected name (outbound connection)',
  },
  'Schannel/36886': { title: 'No suitable default server credential (directory server / LDAPS, not IIS)' },
  'Schannel/36889': { title: 'Certificate chain is incomplete (intermediates missing)' },
  'Microsoft-Windows-HttpEvent/15005': {
    title: 'HTTP.sys could not bind an address (IP listen list or port taken)',
    findingId: 'windows.iplisten-excludes',
  },
  'Microsoft-Windows-HttpEvent/15021': {
    title:
      'Error using the SSL configuration for an endpoint (binding certificate missing or key inaccessible)',
    findingId: 'windows.httpsys-ssl-config-error',
  },
  'Microsoft-Windows-HttpEvent/15300': {
    title: 'SSL certificate settings deleted for an endpoint',
    findingId: 'windows.httpsys-binding-deleted',
  },
  'Microsoft-Windows-HttpEvent/15007': { title: 'A URL namespace reservation was added' },
  'Microsoft-Windows-HttpEvent/15301': { title: 'SSL certificate settings created for an endpoint' },
};

export function eventMeaning(provider: string, id: number): EventMeaning | undefined {
  return EVENT_MEANINGS[`${provider}/${id}`];
}
