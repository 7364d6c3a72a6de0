// The TLS wire codec: pure, synchronous, bounds-checked. The IANA tables live in ./registry (not re-exported here).
export * from './byte-reader.js';
export * from './byte-writer.js';
export type * from './client-hello-options.js';
export * from './constants.js';
export * from './record.js';
export * from './extensions.js';
export * from './key-share.js';
export * from './client-hello.js';
export * from './server-hello.js';
export * from './certificate.js';
export * from './server-key-exchange.js';
export * from './certificate-request.js';
export * from './alert.js';
export * from './sslv2.js';
export * from './tls-reader.js';
