/** A part of a translation file (web/vite.config.ts `translationParts`): its top-level keys, nested strings. */
declare module '*.json?part=store' {
  const strings: Record<string, unknown>;
  export default strings;
}
declare module '*.json?part=admin' {
  const strings: Record<string, unknown>;
  export default strings;
}
declare module '*.json?part=later' {
  const strings: Record<string, unknown>;
  export default strings;
}
