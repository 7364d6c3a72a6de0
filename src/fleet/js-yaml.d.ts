// The part of js-yaml 4 (YAML 1.2) the exporter's config reader uses; the package ships no types.
declare module 'js-yaml' {
  export interface Mark {
    line: number;
    column: number;
  }
  export class YAMLException extends Error {
    reason: string;
    mark?: Mark;
  }
  export const CORE_SCHEMA: object;
  export function load(
    text: string,
    options?: { filename?: string; schema?: object; json?: boolean },
  ): unknown;
  const yaml: { load: typeof load; CORE_SCHEMA: typeof CORE_SCHEMA; YAMLException: typeof YAMLException };
  export default yaml;
}
