// Every Windows parser, one line each, sorted by file name. Detection, parsing, `windows collect`,
// the CLI help and docs/windows.md all read this list (through ../parser-registry.ts); a test
// fails when a parser module is missing here, the list is unsorted, or a parser has no golden pair.
export { parser as applicationhost } from './applicationhost.js';
export { parser as certutilStore } from './certutil-store.js';
export { parser as events } from './events.js';
export { parser as getNettcpconnection } from './get-nettcpconnection.js';
export { parser as getTlsciphersuite } from './get-tlsciphersuite.js';
export { parser as netshIplisten } from './netsh-iplisten.js';
export { parser as netshSslcert } from './netsh-sslcert.js';
export { parser as netshUrlacl } from './netsh-urlacl.js';
export { parser as netstat } from './netstat.js';
export { parser as registry } from './registry.js';
export { parser as systeminfo } from './systeminfo.js';
export { parser as tasklist } from './tasklist.js';
