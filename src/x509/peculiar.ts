// @peculiar/x509, loaded on first use. Its module initialisation (ASN.1 schemas registered through
// decorators) costs tens of milliseconds, and most runs never need it: the certificate facts come
// from node:crypto and the DER extension reader (ext-fast.ts); @peculiar/x509 is the fallback for
// unusual extensions and keys, and the decoder of CertificateRequest CA names.
// In the shipped CommonJS program `require` is the program's own and the package is bundled: the
// call below stays lazy there. Run from the TypeScript sources (ES modules), it is resolved from
// node_modules.
import { createRequire } from 'node:module';
import type * as PX from '@peculiar/x509';

declare const require: ((id: string) => unknown) | undefined;

let loaded: typeof PX | undefined;

/** the @peculiar/x509 module, initialised on the first call */
export function peculiar(): typeof PX {
  if (!loaded) {
    loaded = (
      typeof require === 'function'
        ? require('@peculiar/x509')
        : createRequire(import.meta.url)('@peculiar/x509')
    ) as typeof PX;
  }
  return loaded;
}
